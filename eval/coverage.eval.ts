// `npm run eval -- coverage [DIR]`: relevance, dedup verdicts and new-claim flags on labelled pages
// about the story (layout of ../shared/data/coverage-dev/: pages/*.txt plus labels.json), against
// the shipped seed corpus, through the same stages as `newsmon check`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeDocument, copyScope } from '../src/analyze/article-analyze.js';
import { buildStatementIndex, statementsOf } from '../src/claims/novelty.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { loadCorpusDir } from '../src/corpus/corpus-load.js';
import { parseCorpusFile } from '../src/corpus/corpus-parse.js';
import { copyOrigin, judgeDuplicates } from '../src/dedup/dedup-verdict.js';
import { fingerprint } from '../src/dedup/fingerprint.js';
import type { Analysis, Fingerprint } from '../src/domain/types.js';
import { compileStory } from '../src/relevance/relevance-score.js';
import { words } from '../src/text/normalize.js';

interface Label {
  file: string;
  label: string;
  novelty: string;
  new_claims: { text: string }[];
  seed_claims: { text: string; seed_hint: string }[];
}

interface Row {
  file: string;
  label: string;
  relevanceOk: boolean;
  dedupOk: boolean;
  verdict: string;
  matches: string;
  newFound: number;
  newTotal: number;
  seedCalledNew: number;
  seedTotal: number;
}

const COPY_LABEL = /^syndicated-near-copy-of-seed-(\d{3})$/;
/** A labelled sentence counts as found by a claim when most of its words are in that claim. */
const FOUND_CONTAINMENT = 0.6;

export async function coverageEval(args: string[]): Promise<void> {
  const dir = path.resolve(
    args[0] ?? path.join(projectRoot(), '..', 'shared', 'data', 'coverage-dev'),
  );
  if (!existsSync(path.join(dir, 'labels.json'))) {
    throw new Error(
      `eval coverage: ${dir} has no labels.json; pass the coverage dev set directory`,
    );
  }
  const config = loadConfig({});
  const seeds = (
    await Promise.all(config.corpus.dirs.map((d) => loadCorpusDir(d, path.basename(d))))
  ).flat();
  const fingerprints: Fingerprint[] = seeds.map((d) => fingerprint(d.id, 'seed', d.text));
  const texts = new Map(seeds.map((d) => [d.id, d.text]));
  const ctx = {
    story: compileStory(config.story),
    statements: buildStatementIndex(seeds.flatMap((d) => statementsOf(d.id, 'seed', d.text))),
  };
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Label[];

  const rows: Row[] = labels.map((l) => {
    const doc = parseCorpusFile(
      l.file,
      'eval',
      readFileSync(path.join(dir, 'pages', l.file), 'utf8'),
    );
    const fp = fingerprint(`eval:${l.file}`, 'ingested', doc.text);
    const dedup = judgeDuplicates(fp, fingerprints, config.thresholds);
    const origin = copyOrigin(dedup);
    const input = {
      id: fp.docId,
      title: doc.title,
      text: doc.text,
      publishedAt: doc.publishedAt,
      fingerprint: fp,
    };
    const analysis = analyzeDocument(
      input,
      ctx,
      dedup,
      copyScope(doc.text, dedup, origin ? (texts.get(origin.doc) ?? null) : null),
    );
    return judgeRow(l, analysis);
  });

  console.log(
    `coverage: ${rows.length} labelled pages in ${dir}, against ${seeds.length} seed documents\n`,
  );
  console.log(
    'page'.padEnd(52) +
      'label'.padEnd(36) +
      'relevant  dedup'.padEnd(66) +
      'new claims  seed claims called new',
  );
  for (const r of rows) {
    console.log(
      r.file.slice(0, 50).padEnd(52) +
        r.label.padEnd(36) +
        `${r.relevanceOk ? 'ok ' : 'BAD'}       ${r.dedupOk ? 'ok ' : 'BAD'} ${r.verdict} ${r.matches}`.padEnd(
          66,
        ) +
        `${r.newFound}/${r.newTotal}`.padEnd(12) +
        `${r.seedCalledNew}/${r.seedTotal}`,
    );
  }
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  const copies = rows.filter((r) => COPY_LABEL.test(r.label));
  const sameStory = rows.filter((r) => r.label === 'same-story-new-angle');
  const unrelated = rows.filter((r) => r.label === 'unrelated');
  console.log(
    `\nrelevance ${sum((r) => +r.relevanceOk)}/${rows.length}, dedup ${sum((r) => +r.dedupOk)}/${rows.length}` +
      ` (copies matched ${copies.filter((r) => r.dedupOk).length}/${copies.length},` +
      ` same-story called duplicate ${sameStory.filter((r) => !r.dedupOk).length}/${sameStory.length},` +
      ` unrelated kept ${unrelated.filter((r) => !r.relevanceOk).length}/${unrelated.length}),` +
      ` new claims flagged ${sum((r) => r.newFound)}/${sum((r) => r.newTotal)},` +
      ` seed claims wrongly new ${sum((r) => r.seedCalledNew)}/${sum((r) => r.seedTotal)}`,
  );
}

function judgeRow(l: Label, a: Analysis): Row {
  const best = a.dedup.matches[0];
  const copyOf = COPY_LABEL.exec(l.label)?.[1];
  const isCopyVerdict = ['duplicate', 'near-duplicate', 'contained'].includes(a.dedup.verdict);
  let dedupOk: boolean;
  if (copyOf) {
    // The labels call one page the hard "upstream of the seed" case, where same-story with the
    // seed among the matches is also right (labels.json notes on page 04).
    const seedMatched = a.dedup.matches.some((m) => m.doc.startsWith(copyOf));
    dedupOk =
      (isCopyVerdict && Boolean(best?.doc.startsWith(copyOf))) ||
      (l.novelty === 'low' && seedMatched);
  } else dedupOk = !isCopyVerdict;
  const relevanceOk = l.label === 'unrelated' ? !a.relevance.relevant : a.relevance.relevant;
  const flagged = a.claims.filter((c) => c.novelty === 'new');
  const found = (sentence: string, among: typeof a.claims) =>
    among.some((c) => containment(sentence, c.text) >= FOUND_CONTAINMENT);
  return {
    file: l.file,
    label: l.label,
    relevanceOk,
    dedupOk,
    verdict: a.dedup.verdict,
    matches: a.dedup.matches
      .slice(0, 2)
      .map((m) => `${m.doc.slice(0, 3)}(J${m.jaccard},C${m.containment})`)
      .join(' '),
    newFound: l.new_claims.filter((c) => found(c.text, flagged)).length,
    newTotal: l.new_claims.length,
    seedCalledNew: l.seed_claims.filter((c) => found(c.text, flagged)).length,
    seedTotal: l.seed_claims.length,
  };
}

/** Share of a's words found in b (a multiset of normalised words). */
function containment(a: string, b: string): number {
  const pool = new Map<string, number>();
  for (const w of words(b)) pool.set(w, (pool.get(w) ?? 0) + 1);
  const own = words(a);
  let hit = 0;
  for (const w of own) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      hit++;
      pool.set(w, n - 1);
    }
  }
  return own.length === 0 ? 0 : hit / own.length;
}
