// Synthetic families of articles about the story: an original, its verbatim copies, copies with a
// paragraph added, rewrites, revisions with a changed number, excerpts. Every name, quote and
// number is generated here from a seeded generator; none is taken from any real article.
import { createHash } from 'node:crypto';
import type { ArticleRecord } from '../../src/domain/article-record.js';
import type { Article } from '../../src/domain/types.js';
import type { ArticleStore } from '../../src/store/article.store.js';
import { prng } from './prng.js';

export interface SyntheticArticle {
  id: string;
  url: string;
  family: number;
  /** What it is to the family's text, for reading a failure. */
  role: string;
  text: string;
  /** The page's own date; null when only the feed entry gives one. */
  pagePublishedAt: string | null;
  feedPublishedAt: string;
}

const SYLLABLES = 'ka ro mi te su va lo ne ri do pa ze mu ti ba gor len vis tam rud'.split(' ');
const SURNAMES =
  'Alvarez Brennan Okafor Lindqvist Moreau Tanaka Kowalski Haddad Ferreira Novak'.split(' ');
const ROLES = ['Ald.', 'Cmdr.', 'Sgt.', 'spokesperson', 'organizer'];
const PLACES = ['Brighton Park', 'Little Village', 'Pilsen', 'Gage Park', 'Back of the Yards'];

/** 20 families of 10 articles (by default), publication times shuffled within each family. */
export function storyFamilies(seed: number, families = 20, perFamily = 10): SyntheticArticle[] {
  const next = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length]!;
  const word = () => Array.from({ length: 2 + (next() % 2) }, () => pick(SYLLABLES)).join('');
  const phrase = (n: number) => Array.from({ length: n }, word).join(' ');
  const speaker = () => `${pick(ROLES)} ${pick(SURNAMES)}`;
  const quote = () => `“We ${phrase(7)},” ${speaker()} said.`;
  const claim = (n: number) =>
    `${n} officers were sent to ${pick(PLACES)} after federal agents asked for help with ${phrase(3)}.`;
  const out: SyntheticArticle[] = [];
  // Each family's added quote is quoted again by the next family's additions: statements shared
  // across families, each by a few articles. (A sentence in every article of the story would fill
  // the dedup index's passage slot, which holds the first 16 documents indexed: see the README.)
  const crossQuotes = Array.from({ length: families + 1 }, quote);
  for (let f = 0; f < families; f++) {
    const count = 20 + (next() % 300);
    const base = [
      `Chicago police officers were told not to assist immigration agents during ${phrase(3)}.`,
      quote(),
      claim(count),
      `The sanctuary ordinance of Chicago was cited by ${speaker()} when asked about ${phrase(4)}.`,
      quote(),
      `Immigration enforcement in ${pick(PLACES)} continued into the night, residents said of ${phrase(3)}.`,
    ];
    const added = () => [
      next() % 2 === 0 ? crossQuotes[f]! : crossQuotes[f + 1]!,
      quote(),
      `${phrase(5)} was reported by local officials in Chicago.`,
    ];
    const rewrite = (ps: string[]) =>
      ps.map((p, i) =>
        i % 2 === 0 ? p.replace(/\bthe\b/, 'that').replace(/\bin\b/, 'within') : p,
      );
    const variants: [string, string[]][] = [
      ['original', base],
      ['copy', base],
      ['copy', base],
      ['copy-plus', [...base, ...added()]],
      ['rewrite', rewrite([base[0]!, base[2]!, base[1]!, base[3]!, base[5]!, base[4]!])],
      ['revision', base.map((p, i) => (i === 2 ? claim(count + 7) : p))],
      ['excerpt', base.slice(0, 3)],
      ['copy-plus', [...base, ...added()]],
      ['rewrite-plus', [...rewrite(base), ...added()]],
      ['copy', base],
    ];
    // Distinct publication times, in an order unrelated to the roles.
    const slots = Array.from({ length: perFamily }, (_, i) => i);
    for (let i = slots.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    for (let k = 0; k < perFamily; k++) {
      const [role, paragraphs] = variants[k % variants.length]!;
      const at = new Date(Date.UTC(2025, 9, 4 + f, 8, 0, 0) + slots[k]! * 37 * 60_000 + f * 1_000);
      const url = `https://news-${f}-${k}.example/story`;
      out.push({
        id: createHash('sha256').update(url).digest('hex').slice(0, 20),
        url,
        family: f,
        role,
        text: paragraphs.join('\n\n'),
        // Every fourth article's page carries no date: the feed entry's stands in for it.
        pagePublishedAt: k % 4 === 3 ? null : at.toISOString(),
        feedPublishedAt: at.toISOString(),
      });
    }
  }
  return out;
}

/** Stores an article as extracted (registered at `now`), ready for analysis; its snapshot hash. */
export async function storeExtracted(
  deps: { articles: ArticleStore },
  a: SyntheticArticle,
  now: Date,
): Promise<string> {
  await deps.articles.register(
    a.id,
    a.url,
    a.url,
    { kind: 'ingest' },
    { title: null, publishedAt: a.feedPublishedAt, summary: null, content: null },
    now,
  );
  const hash = createHash('sha256').update(a.text).digest('hex');
  const article: Article = {
    url: a.url,
    canonicalUrl: a.url,
    title: `Story ${a.family}`,
    byline: null,
    authors: [],
    siteName: new URL(a.url).hostname,
    lang: 'en',
    publishedAt: a.pagePublishedAt ?? a.feedPublishedAt,
    dates: {
      published: a.pagePublishedAt ?? a.feedPublishedAt,
      publishedSource: a.pagePublishedAt ? 'meta:article:published_time' : 'feed',
      modified: null,
      modifiedSource: null,
      candidates: [],
      conflicts: [],
    },
    text: a.text,
    method: 'readability',
    wordCount: a.text.split(/\s+/).length,
    flags: { paywalled: false, partial: false, truncated: false, reasons: [] },
  };
  const snapshot: ArticleRecord['snapshot'] = {
    hash,
    contentType: 'text/html',
    finalUrl: a.url,
    httpStatus: 200,
    fetchedAt: now.toISOString(),
  };
  await deps.articles.update(a.id, { status: 'extracted', snapshot, article, error: null }, now);
  return hash;
}
