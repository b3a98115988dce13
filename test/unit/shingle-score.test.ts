import { describe, expect, it } from 'vitest';
import {
  corpusScore,
  matchShingles,
  pagePrecision,
  pageRecall,
  shingles,
  tokenize,
  type ShingleMatch,
} from '../../eval/shingle-score.js';

describe('tokenize', () => {
  it.each([
    [
      'splits on punctuation and spaces',
      "It's 9:30, isn't it?",
      ['It', 's', '9', '30', 'isn', 't', 'it'],
    ],
    [
      'keeps underscores and accents',
      'café_au-lait in Zürich',
      ['café_au', 'lait', 'in', 'Zürich'],
    ],
    ['keeps non-Latin letters', 'Москва — 東京', ['Москва', '東京']],
    ['keeps case', 'BBC bbc', ['BBC', 'bbc']],
    ['finds nothing in punctuation', ' — … ', []],
  ])('%s', (_name, text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe('shingles', () => {
  it.each([
    [
      'slides a window of four',
      'a b c d e',
      [
        ['a b c d', 1],
        ['b c d e', 1],
      ],
    ],
    [
      'counts repeats',
      'a b c d a b c d',
      [
        ['a b c d', 2],
        ['b c d a', 1],
        ['c d a b', 1],
        ['d a b c', 1],
      ],
    ],
    ['makes one short shingle of a short text', 'Hello, world', [['Hello world', 1]]],
    ['makes none of an empty text', '', []],
  ])('%s', (_name, text, expected) => {
    expect([...shingles(text)]).toEqual(expected);
  });
});

// Each case worked by hand: raw counts, then divided by tp + fp + fn.
describe('matchShingles', () => {
  it.each<[string, string, string, ShingleMatch, number | null, number | null]>([
    ['identical texts', 'a b c d e', 'a b c d e', { tp: 1, fp: 0, fn: 0 }, 1, 1],
    // truth {abcd, bcde}, predicted {abcd}: tp 1, fn 1
    ['a prefix of the truth', 'a b c d e', 'a b c d', { tp: 0.5, fp: 0, fn: 0.5 }, 1, 0.5],
    // truth {abcd}, predicted {abcd, bcdx, cdxy}: tp 1, fp 2
    [
      'extra text after the article',
      'a b c d',
      'a b c d x y',
      { tp: 1 / 3, fp: 2 / 3, fn: 0 },
      1 / 3,
      1,
    ],
    // truth {abcd ×2, bcda, cdab, dabc}, predicted {abcd}: a multiset, so tp 1, fn 4
    [
      'a repeated paragraph found once',
      'a b c d a b c d',
      'a b c d',
      { tp: 0.2, fp: 0, fn: 0.8 },
      1,
      0.2,
    ],
    ['a case difference', 'Hello world', 'hello world', { tp: 0, fp: 0.5, fn: 0.5 }, 0, 0],
    ['nothing predicted', 'a b c d', '', { tp: 0, fp: 0, fn: 1 }, null, 0],
    ['nothing expected', '', 'a b c d', { tp: 0, fp: 1, fn: 0 }, 0, null],
    ['both empty', '', '', { tp: 0, fp: 0, fn: 0 }, null, null],
  ])('%s', (_name, truth, predicted, match, precision, recall) => {
    const got = matchShingles(truth, predicted);
    expect(got.tp).toBeCloseTo(match.tp, 12);
    expect(got.fp).toBeCloseTo(match.fp, 12);
    expect(got.fn).toBeCloseTo(match.fn, 12);
    expect(pagePrecision(got)).toEqual(precision === null ? null : expect.closeTo(precision, 12));
    expect(pageRecall(got)).toEqual(recall === null ? null : expect.closeTo(recall, 12));
  });
});

describe('corpusScore', () => {
  it('averages per page, leaving empty predictions out of precision, then takes F1 of the means', () => {
    const pages: ShingleMatch[] = [
      { tp: 1, fp: 0, fn: 0 }, // P 1, R 1
      { tp: 0.5, fp: 0, fn: 0.5 }, // P 1, R 0.5
      { tp: 0, fp: 0, fn: 1 }, // P left out, R 0
    ];
    const score = corpusScore(pages);
    expect(score.precision).toBeCloseTo(1, 12); // (1 + 1) / 2
    expect(score.recall).toBeCloseTo(0.5, 12); // (1 + 0.5 + 0) / 3
    // 2 · 1 · 0.5 / 1.5, not the mean of the pages' F1s (1, 2/3, 0 → 5/9)
    expect(score.f1).toBeCloseTo(2 / 3, 12);
  });

  it('is zero, not NaN, when nothing matched anywhere', () => {
    expect(corpusScore([{ tp: 0, fp: 0.5, fn: 0.5 }])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
