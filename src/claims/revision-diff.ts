// What a revision did to an article's statements, before against after. Pure.
//
// The sentence diff (dedup/revision-diff.ts) says which sentences a new version of a page removed
// and added. Here the statements in them are paired: a removed statement and an added one that
// say nearly the same thing (restatement's score at least the evidence floor) are one statement
// changed, unless only the wording moved; a removed statement nobody took up was withdrawn. An
// added statement that pairs with nothing is new in the revision, and flagged as any other.
import { createHash } from 'node:crypto';
import type { ArticleRef, ReviewEntry, RevisionChange } from '../domain/article-record.js';
import type { AssessedStatement, StatementKind } from '../domain/types.js';
import { signalScore } from './claim-find.js';
import { paragraphContext } from './review-items.js';
import { words } from '../text/normalize.js';
import { EVIDENCE_MIN, statementKey } from './novelty.js';
import { parseQuantities } from './quantity-parse.js';
import { scanQuotes } from './quote-find.js';
import { idfOfSentences, restatement } from './restatement.js';
import { readSentence } from './sentence-reading.js';
import { statementItems } from './statement-items.js';

/** A statement as the revision diff reads it. */
export interface RevisedStatement {
  kind: StatementKind;
  text: string;
  speaker: string | null;
  /** A quote's form: only words in quotation marks are held to their exact wording. */
  form?: 'direct' | 'reported';
}

/** One statement a revision changed or withdrew; `after` is null for a withdrawn one. */
export interface StatementChange<A extends RevisedStatement = RevisedStatement> {
  /** Stable: the same revision diffed again gives the same id (see revisionItemId). */
  id: string;
  change: RevisionChange['change'];
  what: RevisionChange['what'];
  before: RevisedStatement;
  after: A | null;
}

/** A rewrite of the whole page pairs at most this many statements on each side. */
export const MAX_REVISED_STATEMENTS = 200;

/**
 * The statements in the sentences a revision removed. Each sentence is read on its own (its
 * paragraph is gone): a pronoun's speaker stays unresolved, which only the display shows.
 */
export function removedStatements(removed: readonly string[]): RevisedStatement[] {
  const text = removed.join('\n\n');
  const items = statementItems(text, scanQuotes(text).quotes);
  return items
    .slice(0, MAX_REVISED_STATEMENTS)
    .map((item) =>
      item.kind === 'quote'
        ? { kind: 'quote', text: item.text, speaker: item.quote.speaker, form: item.quote.form }
        : { kind: 'claim', text: item.claim.text, speaker: item.speaker?.speaker ?? null },
    );
}

/**
 * The id of a revision's review item: the article and the statement before and after, so that
 * analysing the same revision again finds the item it made, and never a second one.
 */
export function revisionItemId(
  articleId: string,
  before: RevisedStatement,
  after: RevisedStatement | null,
): string {
  const key = (s: RevisedStatement) => statementKey(s.kind, s.text, s.speaker);
  return createHash('sha256')
    .update(`revision\n${articleId}\n${key(before)}\n${after ? key(after) : '-'}`)
    .digest('hex')
    .slice(0, 20);
}

const plain = (s: RevisedStatement) => words(s.text).join(' ');

/** What differs between two statements paired as one, or [] when only the wording moved. */
function changesBetween(before: RevisedStatement, after: RevisedStatement): RevisionChange['what'] {
  const what: RevisionChange['what'] = [];
  const quantities = (s: RevisedStatement) => parseQuantities(s.text);
  const qb = quantities(before);
  const qa = quantities(after);
  const values = (qs: typeof qa, dates: boolean) =>
    qs
      .filter((q) => (q.kind === 'date' || q.kind === 'time') === dates)
      .map((q) => q.normalized)
      .sort()
      .join('|');
  if (values(qb, false) !== values(qa, false)) what.push('number');
  if (values(qb, true) !== values(qa, true)) what.push('date');
  const rb = readSentence(before.text);
  const ra = readSentence(after.text);
  if (rb.negated !== ra.negated) what.push('negation');
  // Words in quotation marks are someone's words: any change to them is a change.
  const direct = (s: RevisedStatement) => s.kind === 'quote' && s.form !== 'reported';
  if (what.length === 0 && (direct(before) || direct(after)) && plain(before) !== plain(after))
    what.push('words');
  return what;
}

/**
 * Pairs the statements a revision removed with those it added, best match first. `removed`:
 * the statements of the removed sentences (removedStatements); `added`: the statements the new
 * version has in the sentences it added; `kept`: every statement of the new version, so a
 * statement that only moved (its sentence split or rejoined) is no change. Returns the changed
 * and withdrawn statements, and which added statements are the "after" of a change (the caller
 * does not flag those a second time as new).
 */
export function diffStatements<A extends RevisedStatement>(
  articleId: string,
  removed: readonly RevisedStatement[],
  added: readonly A[],
  kept: readonly RevisedStatement[],
): { changes: StatementChange<A>[]; paired: Set<A> } {
  const still = new Set(kept.map(plain));
  const gone = removed.filter((s) => !still.has(plain(s))).slice(0, MAX_REVISED_STATEMENTS);
  const before = new Set(removed.map(plain));
  const fresh = added.filter((s) => !before.has(plain(s))).slice(0, MAX_REVISED_STATEMENTS);
  // Word weights from these statements alone: the pairing depends on the revision only, never on
  // what else is indexed, so the same revision always gives the same items.
  const weight = idfOfSentences([...gone, ...fresh].map((s) => s.text));
  const readings = new Map<RevisedStatement, ReturnType<typeof readSentence>>();
  const read = (s: RevisedStatement) => {
    let r = readings.get(s);
    if (!r) readings.set(s, (r = readSentence(s.text)));
    return r;
  };
  const pairs: { b: number; a: number; score: number }[] = [];
  gone.forEach((b, bi) =>
    fresh.forEach((a, ai) => {
      const score = restatement(read(a), read(b), weight).score;
      if (score >= EVIDENCE_MIN) pairs.push({ b: bi, a: ai, score });
    }),
  );
  // Best first; ties in text order, so the pairing never depends on sort stability.
  pairs.sort((x, y) => y.score - x.score || x.b - y.b || x.a - y.a);
  const takenB = new Set<number>();
  const takenA = new Set<number>();
  const changes: StatementChange<A>[] = [];
  const paired = new Set<A>();
  const matched: { b: number; a: number }[] = [];
  for (const p of pairs) {
    if (takenB.has(p.b) || takenA.has(p.a)) continue;
    const b = gone[p.b]!;
    const a = fresh[p.a]!;
    const what = changesBetween(b, a);
    const r = restatement(read(a), read(b), weight);
    const r2 = restatement(read(b), read(a), weight);
    // Neither a changed fact nor the same statement reworded: a removal and an addition.
    if (what.length === 0 && !r.same && !r2.same) continue;
    takenB.add(p.b);
    takenA.add(p.a);
    paired.add(a);
    if (what.length > 0) matched.push({ b: p.b, a: p.a });
  }
  const changedAs = new Map(matched.map((m) => [m.b, m.a]));
  gone.forEach((b, bi) => {
    const ai = changedAs.get(bi);
    if (ai !== undefined) {
      const a = fresh[ai]!;
      changes.push({
        id: revisionItemId(articleId, b, a),
        change: 'changed',
        what: changesBetween(b, a),
        before: b,
        after: a,
      });
    } else if (!takenB.has(bi)) {
      changes.push({
        id: revisionItemId(articleId, b, null),
        change: 'removed',
        what: [],
        before: b,
        after: null,
      });
    }
  });
  return { changes, paired };
}

/**
 * The review items of a revision's changes that do not exist yet: a changed statement shows the
 * new version's statement in its paragraph, with the earlier wording as its nearest; a withdrawn
 * one shows its last wording. Existing items (the same revision analysed again) are left as they
 * are, with their status and decisions.
 */
export function revisionEntries(
  article: { id: string; ref: ArticleRef; text: string; timeline: string },
  revision: { snapshot: string; at: string },
  changes: readonly StatementChange<AssessedStatement>[],
  existing: ReadonlySet<string>,
  at: string,
): ReviewEntry[] {
  return changes
    .filter((c) => !existing.has(c.id))
    .map((c) => {
      const b = c.before;
      const base: AssessedStatement = c.after ?? {
        id: c.id,
        kind: b.kind,
        text: b.text,
        speaker: b.speaker,
        speakerRole: null,
        start: 0,
        end: 0,
        worthiness: Math.round(Math.max(0.4, signalScore(b.text).score) * 100) / 100,
        reasons: ['withdrawn in a revision'],
        quantities: parseQuantities(b.text),
        novelty: 'revised',
        nearest: null,
      };
      const claim: AssessedStatement = {
        ...base,
        id: c.id,
        novelty: 'revised',
        nearest: {
          doc: article.id,
          source: 'ingested',
          text: b.text,
          speaker: b.speaker,
          score: 1,
          key: null,
        },
        diff: null,
        conflict: null,
      };
      return {
        id: c.id,
        articleId: article.id,
        status: 'pending' as const,
        createdAt: at,
        updatedAt: at,
        claim,
        article: article.ref,
        context: c.after
          ? paragraphContext(article.text, c.after.start, c.after.end)
          : { text: b.text, start: 0, end: b.text.length },
        decisions: [],
        timeline: article.timeline,
        revision: {
          change: c.change,
          what: c.what,
          before: b.text,
          after: c.after?.text ?? null,
          snapshot: revision.snapshot,
          at: revision.at,
        },
      };
    });
}
