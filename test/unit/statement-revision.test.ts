// The statements a revision changed or withdrew, before against after (src/claims/revision-diff.ts).
// Synthetic sentences: the people and their words are invented for newsmon's tests.
import { describe, expect, it } from 'vitest';
import { diffRevision } from '../../src/dedup/revision-diff.js';
import {
  diffStatements,
  removedStatements,
  type RevisedStatement,
} from '../../src/claims/revision-diff.js';

const ARTICLE = 'a0000000000000000001';
const BASE = [
  'Chicago aldermen questioned police leaders on Tuesday about protests in Brighton Park.',
  'The council will hold its next hearing on Oct. 15, the committee clerk said.',
  'About 30 federal agents were at the scene, according to a dispatch record.',
  '“We will not let a dispatcher decide immigration policy for this city,” Ald. Rosa Quintero said.',
  'The hearing is expected to continue next week before the public safety committee.',
].join('\n\n');

/** The statements of a whole text, as the analysis finds them. */
function statementsOf(text: string): RevisedStatement[] {
  return removedStatements([text]);
}

/** The diff of two versions, as the analysis handler runs it. */
function revise(next: string) {
  const diff = diffRevision(BASE, next);
  const removed = removedStatements(diff.removed.map((s) => s.text));
  const now = statementsOf(next);
  const inAdded = (s: RevisedStatement) => diff.added.some((a) => a.text.includes(s.text));
  const added = now.filter(inAdded);
  return { ...diffStatements(ARTICLE, removed, added, now), added };
}

describe('diffStatements', () => {
  it.each([
    [
      'a number changed',
      BASE.replace('About 30 federal agents', 'About 50 federal agents'),
      [{ change: 'changed', what: ['number'], before: /About 30/, after: /About 50/ }],
    ],
    [
      'a date changed ("Oct. 15" → "Oct. 16")',
      BASE.replace('on Oct. 15,', 'on Oct. 16,'),
      [{ change: 'changed', what: ['date'], before: /Oct\. 15/, after: /Oct\. 16/ }],
    ],
    [
      'a quote withdrawn',
      BASE.replace(/\n\n“We will not[^\n]*/, ''),
      [{ change: 'removed', what: [], before: /dispatcher decide/, after: null }],
    ],
    [
      'quoted words changed',
      BASE.replace('decide immigration policy', 'set immigration policy'),
      [{ change: 'changed', what: ['words'], before: /decide/, after: /set immigration/ }],
    ],
    [
      'a sentence reworded without changing what it says',
      BASE.replace(
        'About 30 federal agents were at the scene, according to a dispatch record.',
        'According to a dispatch record, about 30 federal agents were at the scene.',
      ),
      [],
    ],
  ])('%s', (_name, next, expected) => {
    const { changes } = revise(next);
    expect(changes).toHaveLength(expected.length);
    changes.forEach((c, i) => {
      const e = expected[i]!;
      expect(c.change).toBe(e.change);
      expect(c.what).toEqual(e.what);
      expect(c.before.text).toMatch(e.before);
      if (e.after === null) expect(c.after).toBeNull();
      else expect(c.after?.text).toMatch(e.after);
    });
  });

  it('leaves an added sentence unpaired: it is flagged as new, as any other', () => {
    const quote =
      '“The recordings will be made public by Friday,” Mayor Daniel Okafor told reporters.';
    const { changes, paired, added } = revise(`${BASE}\n\n${quote}`);
    expect(changes).toEqual([]);
    expect(added.map((s) => s.text)).toEqual(['The recordings will be made public by Friday,']);
    expect(paired.size).toBe(0);
  });

  it('pairs a reworded sentence with its earlier wording, and makes no item of it', () => {
    const { changes, paired } = revise(
      BASE.replace(
        'About 30 federal agents were at the scene, according to a dispatch record.',
        'According to a dispatch record, about 30 federal agents were at the scene.',
      ),
    );
    expect(changes).toEqual([]);
    expect([...paired].map((s) => s.text)).toEqual(['about 30 federal agents were at the scene.']);
  });

  it('marks the "after" of a change as paired, so it is not flagged a second time', () => {
    const { changes, paired } = revise(BASE.replace('on Oct. 15,', 'on Oct. 16,'));
    expect([...paired].map((s) => s.text)).toEqual([changes[0]!.after!.text]);
  });

  it('gives the same ids when the same revision is diffed again', () => {
    const next = BASE.replace('About 30', 'About 50').replace(/\n\n“We will not[^\n]*/, '');
    const first = revise(next).changes.map((c) => c.id);
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
    expect(revise(next).changes.map((c) => c.id)).toEqual(first);
    for (const id of first) expect(id).toMatch(/^[0-9a-f]{20}$/);
  });
});
