// known-reads.ts keeps a known statement's reading per index while an article is assessed; a kept reading must be exactly what
// reading it afresh gives, whatever was read, evicted or joined before. And firstOf, which picks
// the close candidates, must pick what a stable sort and a slice would.
import { describe, expect, it } from 'vitest';
import { assessStatements } from '../../src/analyze/article-analyze.js';
import { joinedReading, knownRead, readingOf } from '../../src/claims/known-reads.js';
import { firstOf } from '../../src/claims/novelty-candidates.js';
import { readSentence } from '../../src/claims/sentence-reading.js';
import {
  addStatements,
  buildStatementIndex,
  statementAt,
} from '../../src/claims/statement-index.js';
import type { KnownStatement } from '../../src/domain/types.js';
import { words } from '../../src/text/normalize.js';

const claim = (docId: string, text: string): KnownStatement => ({
  docId,
  source: 'seed',
  kind: 'claim',
  text,
  speaker: null,
});

describe('known statements read once per index', () => {
  it('gives the same reading, words and word pairs as reading the statement afresh', () => {
    const index = buildStatementIndex([
      claim('d1', 'Officers were told not to respond to the 12:28 p.m. call, CPD said.'),
      claim('d1', 'Supt. Larry Snelling said on Oct. 6 that no one was told to stand down.'),
    ]);
    for (const id of [0, 1, 0]) {
      const read = knownRead(index, id);
      const text = statementAt(index, id).text;
      expect(read.known.text).toBe(text);
      expect(read.words).toEqual(words(text));
      expect(readingOf(read)).toEqual(readSentence(text));
    }
  });

  it('keeps one entry per statement and index: a second index reads its own statements', () => {
    const a = buildStatementIndex([
      claim('d1', 'The first index holds this sentence about agents.'),
    ]);
    const b = buildStatementIndex([
      claim('d2', 'The second index holds another sentence entirely.'),
    ]);
    expect(knownRead(a, 0)).toBe(knownRead(a, 0));
    expect(knownRead(b, 0).known.text).toBe('The second index holds another sentence entirely.');
  });

  it('reads a joined text again when the neighbour it was joined with has changed', () => {
    const index = buildStatementIndex([claim('d1', 'Agents were surrounded by a crowd.')]);
    addStatements(index, [claim('d1', 'They asked the police for help.')]);
    const read = knownRead(index, 0);
    const first = 'Agents were surrounded by a crowd. They asked the police for help.';
    expect(joinedReading(read, 1, first)).toEqual(readSentence(first));
    const second = 'Agents were surrounded by a crowd. Nobody answered the call.';
    expect(joinedReading(read, 1, second)).toEqual(readSentence(second));
    expect(joinedReading(read, 1, second).negated).toBe(true);
  });

  it('still reads correctly after more statements than it keeps were read', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `Statement number ${i} about the agents.`);
    const index = buildStatementIndex(
      texts.map((t) => claim(`d${Math.floor(texts.indexOf(t) / 50)}`, t)),
    );
    for (let id = 0; id < texts.length; id++) knownRead(index, id);
    for (const id of [0, 2500, 4999])
      expect(readingOf(knownRead(index, id))).toEqual(readSentence(texts[id]!));
  });
});

describe('known statements read for one article', () => {
  it('forgets what was read once an article is assessed, so reads do not pile up across articles', () => {
    const index = buildStatementIndex([
      claim('d1', 'Agents asked the Chicago police for help on Oct. 4.'),
    ]);
    const before = knownRead(index, 0);
    expect(knownRead(index, 0)).toBe(before);
    const { statements } = assessStatements(
      'page',
      'Agents asked the Chicago police for help on Oct. 4, officials said.',
      index,
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(knownRead(index, 0)).not.toBe(before);
    expect(knownRead(index, 0).known.text).toBe(before.known.text);
  });
});

describe('firstOf', () => {
  it('gives what a stable sort and slice(0, k) give, ties kept in input order', () => {
    // A fixed pseudo-random sequence with many ties: the order compares only `key`.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: next() % 60 }, (_, i) => ({ key: next() % 6, i }));
      const order = (a: { key: number }, b: { key: number }) => b.key - a.key;
      for (const k of [1, 3, 8, 100]) {
        expect(firstOf(items, k, order)).toEqual([...items].sort(order).slice(0, k));
      }
    }
  });
});
