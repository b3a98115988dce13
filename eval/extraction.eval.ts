// `npm run eval -- extraction [DIR] [--pages]`: newsmon's extractArticle against the benchmark's
// gold bodies, scored as the benchmark scores, beside plain Readability on jsdom in the same run.
import { extractArticle } from '../src/extract/article-extract.js';
import { rejectionOf } from '../src/extract/page-kind.js';
import {
  defaultDevSetDir,
  loadExtractionPages,
  plainReadabilityText,
  type ExtractionPage,
} from './extraction-pages.js';
import {
  corpusScore,
  matchShingles,
  pageF1,
  pagePrecision,
  pageRecall,
  type CorpusScore,
  type ShingleMatch,
} from './shingle-score.js';

// The goal is met at 0.960; 0.970 is where we aim, leaving room for the held-out pages.
const GOAL_F1 = 0.96;
const AIM_F1 = 0.97;

interface PageResult {
  page: ExtractionPage;
  newsmon: ShingleMatch;
  baseline: ShingleMatch;
  /** extractArticle's method, or the error code when it threw. */
  outcome: string;
  /** Milliseconds of newsmon's extraction and of the baseline's on this page. */
  newsmonMs: number;
  baselineMs: number;
}

export async function extractionEval(args: string[]): Promise<void> {
  const showPages = args.includes('--pages');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--pages');
  if (unknown.length > 0) throw new Error(`eval extraction: unknown option ${unknown.join(' ')}`);
  const dir = args.find((a) => !a.startsWith('--')) ?? defaultDevSetDir();
  if (!dir) {
    throw new Error(
      'eval extraction: no dev set at ../shared/data/extraction-dev; pass its directory: ' +
        'npm run eval -- extraction DIR',
    );
  }
  const pages = loadExtractionPages(dir);
  const results: PageResult[] = [];
  for (const page of pages) {
    const started = performance.now();
    const { text, outcome } = newsmonText(page);
    const newsmonMs = performance.now() - started;
    const baselineStarted = performance.now();
    const baselineText = plainReadabilityText(page.html, page.url);
    const baselineMs = performance.now() - baselineStarted;
    results.push({
      page,
      newsmon: matchShingles(page.truth, text),
      baseline: matchShingles(page.truth, baselineText),
      outcome,
      newsmonMs,
      baselineMs,
    });
    // jsdom windows are only collected once the event loop turns (see the extract sandbox).
    await new Promise(setImmediate);
  }
  report(dir, results, showPages);
}

function newsmonText(page: ExtractionPage): { text: string; outcome: string } {
  try {
    const article = extractArticle(page.html, page.url);
    return { text: article.text, outcome: article.method };
  } catch (err) {
    // EXTRACT_EMPTY or EXTRACT_FAILED: the pipeline would store nothing, so the page scores empty.
    // A rejection is counted by its kind (index, gallery, …), as the metrics count it.
    const code = (err as { code?: unknown }).code;
    const rejection = rejectionOf(err);
    if (rejection) return { text: '', outcome: `${String(code)}:${rejection.kind}` };
    return { text: '', outcome: typeof code === 'string' ? code : 'threw' };
  }
}

// Pages the dev set keeps aside: rules are built on the rest and checked on these. A stable hash
// of the page id, so the split needs no list and does not move when pages are added.
const ASIDE_EVERY = 3;

function devPart(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % ASIDE_EVERY === 0 ? 'aside (a third)' : 'tuned (two thirds)';
}

// Bare Readability at or above this on a page means the page has an article to find: newsmon
// leaving it empty is a missed article (issue 20's acceptance count).
const BASELINE_FOUND = 0.5;

/** Newsmon and the baseline side by side for each part: each source, or the dev split. */
function breakdown(results: PageResult[]): string[] {
  const parts = new Map<string, PageResult[]>();
  const named = results.some((r) => r.page.source !== null);
  for (const r of results) {
    const part = named ? (r.page.source ?? 'unnamed') : devPart(r.page.id);
    parts.set(part, [...(parts.get(part) ?? []), r]);
  }
  const lines = [
    `${'part'.padEnd(20)}${'pages'.padStart(6)}${'newsmon F1'.padStart(12)}` +
      `${'baseline F1'.padStart(13)}${'delta'.padStart(9)}${'empty'.padStart(7)}`,
  ];
  for (const [part, list] of [...parts].sort(([a], [b]) => a.localeCompare(b))) {
    const n = corpusScore(list.map((r) => r.newsmon)).f1;
    const b = corpusScore(list.map((r) => r.baseline)).f1;
    const d = n - b;
    lines.push(
      `${part.padEnd(20)}${String(list.length).padStart(6)}${n.toFixed(4).padStart(12)}` +
        `${b.toFixed(4).padStart(13)}${`${d >= 0 ? '+' : ''}${d.toFixed(4)}`.padStart(9)}` +
        `${String(missed(list).length).padStart(7)}`,
    );
  }
  return lines;
}

/**
 * Time per page, newsmon beside the baseline in the same process: a ratio, as the bench reports
 * it (issue 20 asks for at most 0.5). One pass, no warm-up: the bench is the measurement; this
 * line shows a change that moves it.
 */
function timing(results: PageResult[]): string {
  const n = results.reduce((sum, r) => sum + r.newsmonMs, 0) / results.length;
  const b = results.reduce((sum, r) => sum + r.baselineMs, 0) / results.length;
  return `time per page: newsmon ${n.toFixed(1)} ms, baseline ${b.toFixed(1)} ms, ratio ${(n / b).toFixed(2)}`;
}

/** Pages newsmon left empty although bare Readability found the article (F1 ≥ 0.5). */
function missed(results: PageResult[]): PageResult[] {
  return results.filter(
    (r) => pageF1(r.baseline) >= BASELINE_FOUND && pagePrecision(r.newsmon) === null,
  );
}

function report(dir: string, results: PageResult[], showPages: boolean): void {
  const newsmon = corpusScore(results.map((r) => r.newsmon));
  const baseline = corpusScore(results.map((r) => r.baseline));
  const outcomes = new Map<string, number>();
  for (const r of results) outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
  const f = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  // A page that predicted nothing has no precision: evaluate.py leaves it out, shown as '-'.
  const scores = (m: ShingleMatch, firstWidth: number) =>
    f(pagePrecision(m)).padStart(firstWidth) +
    f(pageRecall(m)).padStart(7) +
    pageF1(m).toFixed(3).padStart(7);

  const lines: string[] = [''];
  if (showPages) {
    // Worst first by newsmon's page F1: the pages to look at next.
    const sorted = [...results].sort((a, b) => pageF1(a.newsmon) - pageF1(b.newsmon));
    // The part (tuned or aside) only on the unnamed dev set: it is what tells a page to study
    // from one kept for checking.
    const named = results.some((r) => r.page.source !== null);
    lines.push(
      `${'page'.padEnd(14)}${named ? '' : 'part'.padEnd(8)}${'method'.padEnd(18)}${'newsmon P'.padStart(9)}` +
        `${'R'.padStart(7)}${'F1'.padStart(7)}${'readability P'.padStart(17)}` +
        `${'R'.padStart(7)}${'F1'.padStart(7)}`,
      ...sorted.map(
        (r) =>
          `${r.page.id.slice(0, 12).padEnd(14)}${named ? '' : devPart(r.page.id).slice(0, 6).padEnd(8)}` +
          `${r.outcome.padEnd(18)}` +
          scores(r.newsmon, 9) +
          scores(r.baseline, 17),
      ),
      '',
    );
  }
  const row = (name: string, s: CorpusScore) =>
    `${name.padEnd(32)}${f(s.precision).padStart(9)}${f(s.recall).padStart(8)}${f(s.f1).padStart(8)}`;
  const delta = newsmon.f1 - baseline.f1;
  const verdict =
    newsmon.f1 >= AIM_F1 ? 'PASS' : newsmon.f1 >= GOAL_F1 ? 'PASS (short of the aim)' : 'MISS';
  lines.push(
    `extraction: ${results.length} pages from ${dir}`,
    `newsmon methods: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    '',
    `${''.padEnd(32)}precision  recall      F1`,
    row('newsmon extractArticle', newsmon),
    row('readability on jsdom (baseline)', baseline),
    '',
    ...breakdown(results),
    timing(results),
    `empty: ${missed(results).length} pages left empty where the baseline's F1 ≥ ${BASELINE_FOUND}` +
      ` (${missed(results)
        .map((r) => r.outcome)
        .join(', ')})`,
    '',
    // Four places: 0.9596 must not print as 0.960 beside MISS.
    `F1 ${newsmon.f1.toFixed(4)}  goal ≥ ${GOAL_F1.toFixed(3)}, aiming at ${AIM_F1.toFixed(3)}  ` +
      `${verdict}  (${delta >= 0 ? '+' : ''}${delta.toFixed(4)} on the baseline)`,
    '',
    'scoring: scrapinghub/article-extraction-benchmark evaluate.py: 4-token shingles of \\w+ tokens',
    '(case-sensitive), per-page normalised TP/FP/FN; P = mean over pages with a prediction,',
    'R = mean over pages with a truth, F1 = harmonic mean of the two means.',
    '',
  );
  console.log(lines.join('\n'));
}
