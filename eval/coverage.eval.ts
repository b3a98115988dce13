// `npm run eval -- coverage [DIR]`: relevance, dedup verdicts and the review queue on labelled
// pages about the story (layout of ../shared/data/coverage-dev/: pages/*.txt plus labels.json),
// against the shipped seed corpus, through the same stages as `newsmon check`. The pages are
// split in two by a hash of the page id (seed-context.ts devPart): a third kept aside, checked
// but never diagnosed; both parts and the whole are reported. `--part tuning|aside` lists one
// part's pages only; `--why` (tuning part unless --part says otherwise) prints, for each
// labelled seed sentence in the queue, the verdict that put it there and its evidence, and for
// each copy not recognised, its dedup matches.
import { FLAGGED_NOVELTY } from '../src/claims/review-items.js';
import type { Analysis, AssessedStatement } from '../src/domain/types.js';
import {
  FOUND_CONTAINMENT,
  containment,
  devPart,
  loadCoverageLabels,
  loadSeedContext,
  partArg,
  readPage,
  type CoverageLabel,
  ratio,
} from './seed-context.js';

interface Row {
  file: string;
  label: string;
  aside: boolean;
  relevanceOk: boolean;
  dedupOk: boolean;
  copyRecognised: boolean;
  verdict: string;
  matches: string;
  newFound: number;
  newTotal: number;
  paraphraseFlagged: number;
  paraphraseTotal: number;
  exactFlagged: number;
  exactTotal: number;
  /** Flagged statements matching a labelled sentence, and of those the ones matching a new one. */
  flagsMatched: number;
  flagsNew: number;
  flagsUnlabelled: number;
  /** Flagged as new, and of those shown with a nearest known statement (above the evidence floor). */
  newFlags: number;
  newFlagsWithEvidence: number;
}

const COPY_LABEL = /^syndicated-near-copy-of-seed-(\d{3})$/;
const COPY_VERDICTS = ['duplicate', 'near-duplicate', 'contained', 'rewrite'];
/** Pages about the story, whose unlabelled flags are noise a reporter would read. */
const STORY_LABELS = /^(?:syndicated-near-copy|same-story)/;

export async function coverageEval(args: string[]): Promise<void> {
  const why = args.includes('--why');
  const { part, rest } = partArg(args.filter((a) => a !== '--why'));
  const { dir, labels } = loadCoverageLabels('coverage', rest);
  const seeds = await loadSeedContext();
  const analyses = labels.map((l) => seeds.analyze(l.file, readPage(dir, l.file)));
  const rows: Row[] = labels.map((l, i) => judgeRow(l, analyses[i]!));
  const shown = (file: string) => !part || devPart(file) === part;

  console.log(
    `coverage: ${rows.length} labelled pages in ${dir}, against ${seeds.seedCount} seed documents\n`,
  );
  console.log(
    'page'.padEnd(52) +
      'label'.padEnd(36) +
      'relevant  dedup'.padEnd(66) +
      'new flagged  paraphr. exact  unlabelled',
  );
  for (const r of rows.filter((r) => shown(r.file))) {
    console.log(
      `${r.aside ? '*' : ' '}${r.file.slice(0, 50)}`.padEnd(52) +
        r.label.padEnd(36) +
        `${r.relevanceOk ? 'ok ' : 'BAD'}       ${r.dedupOk ? 'ok ' : 'BAD'} ${r.verdict} ${r.matches}`.padEnd(
          66,
        ) +
        `${r.newFound}/${r.newTotal}`.padEnd(13) +
        `${r.paraphraseFlagged}/${r.paraphraseTotal}`.padEnd(10) +
        `${r.exactFlagged}/${r.exactTotal}`.padEnd(7) +
        `${r.flagsUnlabelled}`,
    );
  }
  console.log('(* kept aside)');
  if (why) {
    labels.forEach((l, i) => {
      if (devPart(l.file) === (part ?? 'tuning')) explain(l, analyses[i]!);
    });
  }
  summary(
    'tuning',
    rows.filter((r) => !r.aside),
  );
  summary(
    'aside',
    rows.filter((r) => r.aside),
  );
  summary('all', rows);
}

function summary(name: string, rows: Row[]): void {
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  const copies = rows.filter((r) => COPY_LABEL.test(r.label));
  const sameStory = rows.filter((r) => r.label === 'same-story-new-angle');
  const unrelated = rows.filter((r) => r.label === 'unrelated');
  const story = rows.filter((r) => STORY_LABELS.test(r.label));
  console.log(
    `\n${name} (${rows.length} pages): relevance ${sum((r) => +r.relevanceOk)}/${rows.length},` +
      ` dedup ${sum((r) => +r.dedupOk)}/${rows.length}` +
      ` (same-story called duplicate ${sameStory.filter((r) => !r.dedupOk).length}/${sameStory.length},` +
      ` unrelated kept ${unrelated.filter((r) => !r.relevanceOk).length}/${unrelated.length})\n` +
      `  new-sentence recall          ${ratio(
        sum((r) => r.newFound),
        sum((r) => r.newTotal),
      )} (goal ≥ 0.85)\n` +
      `  seed paraphrases flagged     ${ratio(
        sum((r) => r.paraphraseFlagged),
        sum((r) => r.paraphraseTotal),
      )} (goal ≤ 0.30)\n` +
      `  exact seed sentences flagged ${ratio(
        sum((r) => r.exactFlagged),
        sum((r) => r.exactTotal),
      )} (goal ≤ 0.05)\n` +
      `  flag precision               ${ratio(
        sum((r) => r.flagsNew),
        sum((r) => r.flagsMatched),
      )} (goal ≥ 0.80)\n` +
      `  unlabelled flags per story page ${sum((r) => r.flagsUnlabelled)}/${story.length} = ${(sum((r) => r.flagsUnlabelled) / Math.max(1, story.length)).toFixed(2)}\n` +
      `  new flags with evidence      ${ratio(
        sum((r) => r.newFlagsWithEvidence),
        sum((r) => r.newFlags),
      )} (the rest say "nothing similar known")\n` +
      `  copies recognised            ${copies.filter((r) => r.copyRecognised).length}/${copies.length} (goal ≥ 6 of 7)`,
  );
}

/** A statement and a labelled sentence are the same sentence when most of either is in the other. */
function matches(s: AssessedStatement, sentence: string): boolean {
  return (
    containment(sentence, s.text) >= FOUND_CONTAINMENT ||
    containment(s.text, sentence) >= FOUND_CONTAINMENT
  );
}

/** Why labelled seed sentences are in the queue, and why a copy was not recognised. */
function explain(l: CoverageLabel, a: Analysis): void {
  const lines: string[] = [];
  const copyOf = COPY_LABEL.exec(l.label)?.[1];
  if (
    copyOf &&
    !(COPY_VERDICTS.includes(a.dedup.verdict) && a.dedup.matches[0]?.doc.startsWith(copyOf))
  ) {
    lines.push(
      `  copy of ${copyOf} not recognised: ${a.dedup.verdict} ` +
        a.dedup.matches
          .map((m) => `${m.doc.slice(0, 3)}(J${m.jaccard},C${m.containment})`)
          .join(' '),
    );
  }
  if (a.relevance.relevant) {
    for (const c of l.seed_claims) {
      for (const s of a.claims) {
        if (!FLAGGED_NOVELTY.includes(s.novelty) || !matches(s, c.text)) continue;
        const who = s.speaker ? ` speaker="${s.speaker}"` : '';
        lines.push(
          `  ${c.match.startsWith('paraphrase') ? 'paraphrase' : 'exact'} (seed ${c.seed_hint}) ` +
            `→ ${s.novelty} ${s.kind}${who}\n` +
            `    ours:    ${s.text}\n` +
            (s.nearest
              ? `    nearest: [${s.nearest.doc.slice(0, 3)} ${s.nearest.score}${s.nearest.speaker ? ` ${s.nearest.speaker}` : ''}] ${s.nearest.text}\n`
              : '    nearest: none\n') +
            (s.diff
              ? `    diff:    +[${s.diff.added.join(' ')}] -[${s.diff.removed.join(' ')}]\n`
              : '') +
            (s.conflict ? `    conflict: ${JSON.stringify(s.conflict)}\n` : '') +
            (s.misattribution ? `    misattribution: ${JSON.stringify(s.misattribution)}\n` : ''),
        );
      }
    }
  }
  if (lines.length > 0) console.log(`\n${l.file}\n${lines.join('\n')}`);
}

function judgeRow(l: CoverageLabel, a: Analysis): Row {
  const best = a.dedup.matches[0];
  const copyOf = COPY_LABEL.exec(l.label)?.[1];
  const isCopyVerdict = COPY_VERDICTS.includes(a.dedup.verdict);
  const copyRecognised = Boolean(copyOf && isCopyVerdict && best?.doc.startsWith(copyOf));
  let dedupOk: boolean;
  if (copyOf) {
    // The labels call one page the hard "upstream of the seed" case, where same-story with the
    // seed among the matches is also right (labels.json notes on page 04).
    const seedMatched = a.dedup.matches.some((m) => m.doc.startsWith(copyOf));
    dedupOk = copyRecognised || (l.novelty === 'low' && seedMatched);
  } else dedupOk = !isCopyVerdict;
  const relevanceOk = l.label === 'unrelated' ? !a.relevance.relevant : a.relevance.relevant;
  // The queue: what a reviewer would be shown (flaggedStatements keeps relevant pages only).
  const flagged = a.relevance.relevant
    ? a.claims.filter((c) => FLAGGED_NOVELTY.includes(c.novelty))
    : [];
  const found = (text: string) => flagged.some((s) => matches(s, text));
  const paraphrases = l.seed_claims.filter((c) => c.match.startsWith('paraphrase'));
  const exact = l.seed_claims.filter((c) => c.match === 'exact');
  const labelled = [...l.new_claims, ...l.seed_claims];
  const ignored = l.borderline ?? [];
  let flagsMatched = 0;
  let flagsNew = 0;
  let flagsUnlabelled = 0;
  for (const s of flagged) {
    if (labelled.some((c) => matches(s, c.text))) {
      flagsMatched++;
      if (l.new_claims.some((c) => matches(s, c.text))) flagsNew++;
    } else if (!ignored.some((c) => matches(s, c.text)) && STORY_LABELS.test(l.label)) {
      flagsUnlabelled++;
    }
  }
  return {
    file: l.file,
    label: l.label,
    aside: devPart(l.file) === 'aside',
    relevanceOk,
    dedupOk,
    copyRecognised,
    verdict: a.dedup.verdict,
    matches: a.dedup.matches
      .slice(0, 2)
      .map((m) => `${m.doc.slice(0, 3)}(J${m.jaccard},C${m.containment})`)
      .join(' '),
    newFound: l.new_claims.filter((c) => found(c.text)).length,
    newTotal: l.new_claims.length,
    paraphraseFlagged: paraphrases.filter((c) => found(c.text)).length,
    paraphraseTotal: paraphrases.length,
    exactFlagged: exact.filter((c) => found(c.text)).length,
    exactTotal: exact.length,
    flagsMatched,
    flagsNew,
    flagsUnlabelled,
    newFlags: flagged.filter((s) => s.novelty === 'new').length,
    newFlagsWithEvidence: flagged.filter((s) => s.novelty === 'new' && s.nearest).length,
  };
}
