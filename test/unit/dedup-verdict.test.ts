import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../src/config.js';
import { loadCorpusDir } from '../../src/corpus/corpus-load.js';
import { judgeDuplicates, verdictOf } from '../../src/dedup/dedup-verdict.js';
import { fingerprint, shingleHashes, shortShingles } from '../../src/dedup/fingerprint.js';
import type { CorpusDocument, Fingerprint } from '../../src/domain/types.js';

const { thresholds } = loadConfig({});

/** Distinct sentences that share no five-word run with any seed. */
const filler = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `Reader note number ${i} lists event ${i * 7} for the weekend calendar.`,
  ).join(' ');

describe('fingerprint', () => {
  it('is the same for texts that differ only in typography and case', () => {
    const a = fingerprint('a', 'seed', 'The “Trust Act” — a law, they said.');
    const b = fingerprint('b', 'seed', 'the "trust act" - a LAW,   they said.');
    expect(a.textHash).toBe(b.textHash);
    expect([...a.shingles]).toEqual([...b.shingles]);
  });

  it('gives stable 32-bit shingle hashes, sorted and unique', () => {
    const h = shingleHashes('a b c d e a b c d e'.split(' '));
    expect([...h]).toEqual([...h].sort((x, y) => x - y));
    expect(new Set(h).size).toBe(h.length);
    expect(h.length).toBe(5);
    // Pinned: a change of hash function would silently invalidate every stored fingerprint.
    expect(shingleHashes(['chicago', 'police', 'told', 'not', 'to'])[0]).toBe(1898230326);
  });
});

describe('judgeDuplicates against the seed corpus', () => {
  let seeds: CorpusDocument[];
  let index: Fingerprint[];
  beforeAll(async () => {
    seeds = await loadCorpusDir(path.join(projectRoot(), 'corpus', 'seed'));
    index = seeds.map((d) => fingerprint(d.id, 'seed', d.text));
  });
  const seedText = (i: number) => seeds[i]!.text;
  const paragraphs = (i: number) => seedText(i).split('\n\n');

  it.each([
    ['a verbatim copy', (): string => seedText(2), 'duplicate', '002_437fed77ab298106'],
    [
      'a copy with a new headline and one sentence changed',
      (): string =>
        `Police told to leave ICE scene\n\n${seedText(2).replace('escalated Saturday', 'flared on Saturday')}`,
      'duplicate',
      '002_437fed77ab298106',
    ],
    [
      'a light edit that drops a third of the paragraphs',
      (): string =>
        paragraphs(1)
          .filter((_, i) => i % 3 !== 1)
          .join('\n\n'),
      'near-duplicate',
      '001_c8a33281598bb792',
    ],
    [
      'a teaser of the first two paragraphs',
      (): string => paragraphs(4).slice(0, 3).join('\n\n'),
      'contained',
      '004_475169c6ad84cf91',
    ],
    [
      'a page embedding a whole seed among much other text',
      (): string => `${filler(40)}\n\n${seedText(2)}\n\n${filler(60)}`,
      'contained',
      '002_437fed77ab298106',
    ],
    [
      'an own report that quotes two seed paragraphs',
      (): string =>
        `A new report from the West Side about a separate protest, with its own reporting on what officers did that day and what the city said afterwards.\n\n${paragraphs(0)[6]}\n\nOther officials said they had not been briefed, and the alderman for the ward said she would ask for a hearing on the dispatch recordings next week, after the budget vote.\n\n${paragraphs(0)[4]}\n\nThe hearing date has not been set, a spokesperson for the council said on Monday afternoon.`,
      'same-story',
      '000_be577ad3e1b75147',
    ],
  ])('judges %s', (_name, text, verdict, doc) => {
    const result = judgeDuplicates(fingerprint('input', 'ingested', text()), index, thresholds);
    expect(result.verdict).toBe(verdict);
    expect(result.matches[0]!.doc).toBe(doc);
  });

  it('compares a very short text by 3-shingles with the text it comes from', () => {
    // One sentence of seed 004, a little edited: too short for 5-shingles to say much.
    const teaser =
      'Chicago officials have made it clear that they will not comply with his immigration policies, the city said.';
    const fp = fingerprint('teaser', 'ingested', teaser);
    expect(fp.shingleSize).toBe(3);
    const texts = new Map(seeds.map((d) => [d.id, d.text]));
    const threeOf = (id: string) => shortShingles(id === 'teaser' ? teaser : (texts.get(id) ?? ''));
    const result = judgeDuplicates(fp, index, thresholds, threeOf);
    expect(result.verdict).toBe('contained');
    expect(result.matches[0]!.doc).toBe('004_475169c6ad84cf91');
  });

  it('calls two seeds that share quotes the same story, not copies', () => {
    const result = judgeDuplicates(index[1]!, [index[0]!], thresholds);
    expect(result.verdict).toBe('same-story');
    expect(result.matches[0]!.containment).toBeGreaterThan(0.1);
    expect(result.matches[0]!.jaccard).toBeLessThan(0.5);
  });

  it('calls an unrelated text new, with no matches', () => {
    const text = 'The Park District opened a two-mile lakefront trail segment on Saturday morning.';
    expect(judgeDuplicates(fingerprint('x', 'ingested', text), index, thresholds)).toEqual({
      verdict: 'new',
      matches: [],
    });
  });

  it('never matches a document with itself', () => {
    const own = index[0]!;
    expect(judgeDuplicates(own, index, thresholds).matches.map((m) => m.doc)).not.toContain(
      own.docId,
    );
  });
});

describe('verdictOf thresholds', () => {
  it.each([
    [0.85, 0.9, 'duplicate'],
    [0.6, 0.7, 'near-duplicate'],
    [0.4, 0.95, 'contained'],
    [0.1, 0.3, 'same-story'],
    [0.01, 0.05, 'new'],
  ] as const)('jaccard %s with containment %s is %s', (jaccard, containment, verdict) => {
    expect(verdictOf({ doc: 'd', source: 'seed', jaccard, containment }, thresholds)).toBe(verdict);
  });
});
