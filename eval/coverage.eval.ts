// `npm run eval -- coverage [DIR]`: relevance, dedup verdicts and new-claim flags on labelled pages
// about the story (layout of ../shared/data/coverage-dev/: pages/*.txt plus labels.json), against
// the shipped seed corpus, through the same stages as `newsmon check`.
import type { Analysis } from '../src/domain/types.js';
import {
  flaggedNew,
  loadCoverageLabels,
  loadSeedContext,
  readPage,
  type CoverageLabel,
} from './seed-context.js';

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

export async function coverageEval(args: string[]): Promise<void> {
  const { dir, labels } = loadCoverageLabels('coverage', args);
  const seeds = await loadSeedContext();
  const rows: Row[] = labels.map((l) => judgeRow(l, seeds.analyze(l.file, readPage(dir, l.file))));

  console.log(
    `coverage: ${rows.length} labelled pages in ${dir}, against ${seeds.seedCount} seed documents\n`,
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

function judgeRow(l: CoverageLabel, a: Analysis): Row {
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
    newFound: l.new_claims.filter((c) => flaggedNew(c.text, a.claims)).length,
    newTotal: l.new_claims.length,
    seedCalledNew: l.seed_claims.filter((c) => flaggedNew(c.text, a.claims)).length,
    seedTotal: l.seed_claims.length,
  };
}
