// Which articles published later may judge a statement differently now that an article published
// before them is known (it arrived late), found in memory in the statement index. Pure.
import {
  contentTerms,
  statementAt,
  type StatementIndex,
  type StatementOrigin,
} from '../claims/statement-index.js';
import { candidates, sharedIds, termIdsOf } from '../claims/statement-lookup.js';

/** Every copy of a widely shared statement is looked at, not only the index's usual best 200. */
const SHARER_CANDIDATES = 5_000;

/**
 * The ingested documents after `key` on the timeline whose statement verdicts these statements
 * (of `docId`, at `key`) may change. A statement contained in one known earlier changes nothing.
 * Of the later statements sharing at least half of their content words with one, only the
 * earliest of each (by statement id) can change — later repeats knew it from that one already.
 * (Judging each such statement again in memory, with and without `docId`, to keep only real
 * changes was tried: an article's claims are not always its index sentences word for word, and it
 * missed changes.) Nothing, without a look-up, when no statement is that late: an article arriving
 * in publication order, the usual case.
 */
export function laterSharers(
  index: StatementIndex,
  statements: readonly { text: string }[],
  docId: string,
  key: string,
): Set<string> {
  const out = new Set<string>();
  if (index.latestAt <= key) return out;
  const others = (s: StatementOrigin) => s.docId !== docId;
  const originOf = (id: number) => index.origins[index.originOf[id]!]!;
  for (const { text } of statements) {
    const terms = contentTerms(text);
    if (terms.size === 0) continue;
    const ids = termIdsOf(terms, index);
    const found = candidates(ids, terms.size, index, others, SHARER_CANDIDATES);
    const covered = found.some((id) => {
      const at = originOf(id).at;
      return (at === undefined || at < key) && sharedIds(ids, index, id) === terms.size;
    });
    if (covered) continue;
    const firstOfStatement = new Map<string, number>();
    for (const id of found) {
      const { source, at } = originOf(id);
      if (source !== 'ingested' || at === undefined || at <= key) continue;
      // What a variant, conflict or known verdict on the later statement needs at least.
      const theirs = index.termStart[id + 1]! - index.termStart[id]!;
      if (sharedIds(ids, index, id) * 2 < theirs) continue;
      const statement = statementAt(index, id).key ?? `#${id}`;
      const seen = firstOfStatement.get(statement);
      if (seen === undefined || at < originOf(seen).at!) firstOfStatement.set(statement, id);
    }
    for (const id of firstOfStatement.values()) out.add(originOf(id).docId);
  }
  return out;
}
