import type { CorpusDocument } from '../domain/types.js';

// Corpus files open with an optional metadata line " date YYYY-MM-DD"; in some files the
// article's first paragraph follows on the same line, so only the prefix is metadata.
const DATE_LINE = /^\s*date (\d{4}-\d{2}-\d{2})\b[ \t]*/;

/** One corpus file as a document: paragraphs separated by blank lines, as extraction produces. */
export function parseCorpusFile(id: string, corpus: string, content: string): CorpusDocument {
  let body = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let publishedAt: string | null = null;
  const date = DATE_LINE.exec(body);
  if (date) {
    publishedAt = date[1]!;
    body = body.slice(date[0].length);
  }
  const paragraphs = body
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
  return { id, corpus, publishedAt, title: titleOf(paragraphs), text: paragraphs.join('\n\n') };
}

/** A first line short and without closing punctuation reads as a headline, not a paragraph. */
function titleOf(paragraphs: string[]): string | null {
  const first = paragraphs[0];
  if (!first || first.length > 200 || /[.!?"”’)]$/.test(first)) return null;
  return first;
}
