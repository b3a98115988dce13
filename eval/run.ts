// `npm run eval` (coverage, then paraphrase) or `npm run eval -- <name> [args]`: quality
// evaluations against labelled data kept outside the
// repo. Each prints its scores beside a baseline and its goal, and exits 0 whether the goal is
// met or missed: a MISS is a finding to read, not a broken build.
import { claimsEval } from './claims.eval.js';
import { coverageEval } from './coverage.eval.js';
import { extractionEval } from './extraction.eval.js';
import { paraphraseEval } from './paraphrase.eval.js';
import { quotesEval } from './quotes.eval.js';
import { statementsEval } from './statements.eval.js';
import { webQuotesEval } from './web-quotes.eval.js';

const EVALS: Record<string, (args: string[]) => Promise<void>> = {
  extraction: extractionEval,
  coverage: coverageEval,
  claims: claimsEval,
  quotes: quotesEval,
  'web-quotes': webQuotesEval,
  statements: statementsEval,
  paraphrase: paraphraseEval,
};

const [name, ...args] = process.argv.slice(2);
// With no name: the review queue on the coverage set, then the restatement judgement on MSRP.
const run: ((args: string[]) => Promise<void>) | undefined = name
  ? EVALS[name]
  : async () => {
      await coverageEval([]);
      console.log('');
      await paraphraseEval([]);
    };
if (!run) {
  console.error(
    `usage: npm run eval [-- <${Object.keys(EVALS).join('|')}> [args]]\neval: unknown evaluation "${name}"`,
  );
  process.exit(2);
}
try {
  await run(args);
} catch (err) {
  // A missing directory or a malformed dev set: the message says what to do, a stack would not.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
