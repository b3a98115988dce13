// `npm run eval -- statements [DIR]`: of the labelled new sentences of the coverage dev set, how
// many become a statement (an item of any novelty), on the part the rules were tuned on and on
// the part kept aside (seed-context.ts devPart). A quote item counts with the
// sentence that carries it: the quote and its sentence are one item.
import { parseCorpusFile } from '../src/corpus/corpus-parse.js';
import { sentences } from '../src/text/normalize.js';
import {
  containment,
  devPart,
  FOUND_CONTAINMENT,
  loadCoverageLabels,
  loadSeedContext,
  readPage,
} from './seed-context.js';

const GOAL_RECALL = 0.85;

export async function statementsEval(args: string[]): Promise<void> {
  const { dir, labels } = loadCoverageLabels('statements', args);
  const seeds = await loadSeedContext();
  const parts = { tuned: { found: 0, total: 0 }, aside: { found: 0, total: 0 } };
  console.log(`statements: ${labels.length} labelled pages in ${dir}\n`);
  for (const l of labels) {
    const raw = readPage(dir, l.file);
    const text = parseCorpusFile(l.file, 'eval', raw).text;
    const sents = sentences(text);
    const items = seeds.analyze(l.file, raw).claims.map((s) => {
      if (s.kind !== 'quote') return s.text;
      const carrying = sents.filter((x) => x.end > s.start && x.start < s.end);
      const first = carrying[0];
      const last = carrying[carrying.length - 1];
      return first && last ? text.slice(first.start, last.end) : s.text;
    });
    const part = devPart(l.file) === 'aside' ? parts.aside : parts.tuned;
    for (const c of l.new_claims) {
      const found = items.some((t) => containment(c.text, t) >= FOUND_CONTAINMENT);
      part.total++;
      part.found += +found;
      if (!found) console.log(`  MISSED  ${l.file.slice(0, 24)}  ${c.text}`);
    }
  }
  const ratio = (p: { found: number; total: number }) =>
    `${p.found}/${p.total} = ${(p.total ? p.found / p.total : 1).toFixed(3)}`;
  const all = {
    found: parts.tuned.found + parts.aside.found,
    total: parts.tuned.total + parts.aside.total,
  };
  console.log(
    `\nnew sentences that become a statement: tuned ${ratio(parts.tuned)}, aside ${ratio(parts.aside)}, ` +
      `all ${ratio(all)} (goal ≥ ${GOAL_RECALL}) ${all.found / all.total >= GOAL_RECALL ? 'PASS' : 'MISS'}`,
  );
}
