// `npm run eval -- claims [DIR]`: sentence by sentence, which labelled new claims of the coverage
// dev set newsmon flags new, and which sentences a seed already has it wrongly flags new.
import { flaggedNew, loadCoverageLabels, loadSeedContext, readPage } from './seed-context.js';

// The goals: most new sentences reach the reviewer, and seed sentences rarely do.
const GOAL_RECALL = 0.85;
const GOAL_SEED_NEW = 0.05;

export async function claimsEval(args: string[]): Promise<void> {
  const { dir, labels } = loadCoverageLabels('claims', args);
  const seeds = await loadSeedContext();
  console.log(
    `claims: ${labels.length} labelled pages in ${dir}, against ${seeds.seedCount} seed documents`,
  );
  let newFound = 0;
  let newTotal = 0;
  let seedNew = 0;
  let seedTotal = 0;
  for (const l of labels) {
    const { claims } = seeds.analyze(l.file, readPage(dir, l.file));
    console.log(`\n${l.file} (${l.label})`);
    for (const c of l.new_claims) {
      const ok = flaggedNew(c.text, claims);
      newFound += +ok;
      console.log(`  new   ${ok ? 'flagged' : 'MISSED '}  ${c.text}`);
    }
    for (const c of l.seed_claims) {
      // Only the wrong ones: a seed sentence not flagged is the expected, quiet case.
      if (!flaggedNew(c.text, claims)) continue;
      seedNew++;
      console.log(`  seed  FLAGGED  (seed ${c.seed_hint}) ${c.text}`);
    }
    newTotal += l.new_claims.length;
    seedTotal += l.seed_claims.length;
  }
  const recall = newTotal === 0 ? 1 : newFound / newTotal;
  const seedShare = seedTotal === 0 ? 0 : seedNew / seedTotal;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  console.log(
    `\nnew-claim recall ${newFound}/${newTotal} = ${recall.toFixed(3)} ` +
      `(goal ≥ ${GOAL_RECALL}) ${verdict(recall >= GOAL_RECALL)}; ` +
      `seed sentences flagged new ${seedNew}/${seedTotal} = ${(100 * seedShare).toFixed(1)}% ` +
      `(goal ≤ ${100 * GOAL_SEED_NEW}%) ${verdict(seedShare <= GOAL_SEED_NEW)}`,
  );
}
