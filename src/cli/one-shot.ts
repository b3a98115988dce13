// `newsmon extract` and `newsmon check`: the pipeline's pure stages on files, directories or URLs,
// with no Redis and no daemon. Their JSONL output is a contract: later stages improve the fields,
// the shape stays, so results can be compared over time.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusChecker, type CorpusText } from '../analyze/corpus-check.js';
import type { AppConfig } from '../config.js';
import { loadCorpusDir } from '../corpus/corpus-load.js';
import { parseCorpusFile } from '../corpus/corpus-parse.js';
import type { Article, DocumentSource } from '../domain/types.js';
import { describeError, NewsmonError } from '../errors.js';
import { extractArticle } from '../extract/article-extract.js';
import { decodeDocument } from '../extract/charset-decode.js';
import { binaryRefusal } from '../fetch/content-sniff.js';
import { assertOk, createHttpClient, type HttpClient } from '../fetch/http-client.js';
import { compileStory } from '../relevance/relevance-score.js';

const PAGE = /\.html?$/i;
const TEXT = /\.txt$/i;

export type OneShotLine = Record<string, unknown>;

/** One line of `newsmon check --jsonl` (besides `input`). */
export interface CheckLine {
  input: string;
  relevance: { relevant: boolean; score: number; why: string[] };
  dedup: { verdict: string; matches: { doc: string; jaccard: number; containment: number }[] };
  claims: {
    id: string;
    kind: string;
    text: string;
    speaker: string | null;
    speakerRole: string | null;
    worthiness: number;
    reasons: string[];
    quantities: { text: string; normalized: string }[];
    novelty: string;
    nearest: { doc: string; text: string; score: number } | null;
    diff: { removed: string[]; added: string[] } | null;
    conflict: { ours: string; theirs: string } | null;
  }[];
}

/** Files of a directory that a command reads, sorted by name; a file or URL stands for itself. */
export async function expandInputs(inputs: string[], pattern: RegExp): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    if (/^https?:\/\//i.test(input)) {
      out.push(input);
      continue;
    }
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(input)).filter((n) => pattern.test(n)).sort();
      out.push(...names.map((n) => path.join(input, n)));
    } else out.push(input);
  }
  return out;
}

async function extractInput(
  input: string,
  url: string | undefined,
  http: () => HttpClient,
): Promise<Article> {
  if (/^https?:\/\//i.test(input)) {
    const res = await http().get(input, { headers: { accept: 'text/html' } });
    assertOk(res);
    return extractArticle(pageText(res.body, res.headers['content-type'] ?? null), res.url);
  }
  const bytes = await readFile(input).catch((err: NodeJS.ErrnoException) => {
    throw new NewsmonError('INPUT_INVALID', `${input}: ${err.code ?? err.message}`);
  });
  return extractArticle(
    pageText(bytes, null),
    url ?? pathToFileURL(path.resolve(input)).toString(),
  );
}

/** A page's bytes as the daemon reads them: refused when binary, else decoded as a browser would
 * (a UTF-16 file without a BOM is full of NUL bytes, and decoded as UTF-8 it was raw markup). */
function pageText(bytes: Uint8Array, contentType: string | null): string {
  const refusal = binaryRefusal(bytes, contentType);
  if (refusal) throw refusal;
  return decodeDocument(bytes, contentType).text;
}

/** Runs `fn` on each input, turning a failure into an error line, so one bad input stops nothing. */
async function eachInput(
  inputs: string[],
  fn: (input: string) => Promise<OneShotLine>,
  emit: (line: OneShotLine) => void,
): Promise<number> {
  let failures = 0;
  for (const input of inputs) {
    try {
      emit({ input, ...(await fn(input)) });
    } catch (err) {
      failures++;
      emit({ input, error: describeError(err) });
    }
  }
  return failures;
}

function lazyHttp(config: AppConfig): { get: () => HttpClient; close: () => Promise<void> } {
  let client: HttpClient | null = null;
  return {
    get: () => (client ??= createHttpClient(config.fetch)),
    close: async () => {
      await client?.close();
    },
  };
}

export async function runExtract(
  config: AppConfig,
  inputs: string[],
  opts: { url?: string },
  emit: (line: OneShotLine) => void,
): Promise<number> {
  const http = lazyHttp(config);
  try {
    const files = await expandInputs(inputs, PAGE);
    return await eachInput(
      files,
      async (input) => {
        const a = await extractInput(input, opts.url, http.get);
        return {
          url: a.url,
          title: a.title,
          byline: a.byline,
          siteName: a.siteName,
          publishedAt: a.publishedAt,
          lang: a.lang,
          text: a.text,
          method: a.method,
          wordCount: a.wordCount,
        };
      },
      emit,
    );
  } finally {
    await http.close();
  }
}

export async function runCheck(
  config: AppConfig,
  inputs: string[],
  opts: { corpus: string[]; url?: string },
  emit: (line: OneShotLine) => void,
): Promise<number> {
  const dirs =
    opts.corpus.length > 0 ? opts.corpus.map((d) => path.resolve(d)) : config.corpus.dirs;
  const corpus: CorpusText[] = [];
  for (const dir of dirs) {
    const name = path.basename(dir);
    const source: DocumentSource = name === 'seed' ? 'seed' : 'corpus';
    for (const doc of await loadCorpusDir(dir, name)) corpus.push({ ...doc, source });
  }
  const checker = corpusChecker(corpus, compileStory(config.story), config.thresholds);
  const http = lazyHttp(config);
  try {
    const files = await expandInputs(inputs, /\.(html?|txt)$/i);
    return await eachInput(
      files,
      async (input) => {
        const doc = TEXT.test(input)
          ? parseCorpusFile(path.basename(input), 'input', await readFile(input, 'utf8'))
          : await extractInput(input, opts.url, http.get);
        // Prefixed so that checking a corpus file reports it as a copy of itself.
        const analysis = checker.analyze(`input:${input}`, doc);
        return {
          relevance: analysis.relevance,
          dedup: {
            verdict: analysis.dedup.verdict,
            matches: analysis.dedup.matches.map((m) => ({
              doc: m.doc,
              jaccard: m.jaccard,
              containment: m.containment,
            })),
          },
          claims: analysis.claims.map((c) => ({
            id: c.id,
            kind: c.kind,
            text: c.text,
            speaker: c.speaker,
            speakerRole: c.speakerRole,
            worthiness: c.worthiness,
            reasons: c.reasons,
            quantities: c.quantities.map((q) => ({ text: q.text, normalized: q.normalized })),
            novelty: c.novelty,
            nearest: c.nearest && {
              doc: c.nearest.doc,
              text: c.nearest.text,
              score: c.nearest.score,
            },
            diff: c.diff ?? null,
            conflict: c.conflict ?? null,
          })),
        };
      },
      emit,
    );
  } finally {
    await http.close();
  }
}
