import { describe, expect, it } from 'vitest';
import {
  durationFlag,
  intFlag,
  pageLine,
  parseCommandArgs,
  subcommand,
  UsageError,
} from '../../src/cli/cli-args.js';
import { describeScope } from '../../src/cli/reprocess-command.js';
import type { ReprocessScope } from '../../src/store/reprocess.store.js';

const options = {
  json: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

/** The one line a mistake prints, or the parsed values. */
function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
}

describe('parseCommandArgs', () => {
  it.each([
    [
      'an unknown option',
      ['--offset', '50'],
      'newsmon claims: unknown option --offset; see newsmon claims --help',
    ],
    [
      'an unknown short option',
      ['-x'],
      'newsmon claims: unknown option -x; see newsmon claims --help',
    ],
    [
      'an option missing its value',
      ['--limit'],
      'newsmon claims: --limit needs a value (one starting with "-" as --limit=-…); see newsmon claims --help',
    ],
    [
      'an option followed by another option',
      ['--limit', '--json'],
      'newsmon claims: --limit needs a value (one starting with "-" as --limit=-…); see newsmon claims --help',
    ],
    [
      'a value given to a flag',
      ['--json=yes'],
      'newsmon claims: --json takes no value; see newsmon claims --help',
    ],
  ])('turns %s into one line with a hint', (_n, args, line) => {
    expect(attempt(() => parseCommandArgs('claims', args, options))).toBe(line);
  });

  it('parses good arguments as parseArgs does', () => {
    expect(parseCommandArgs('claims', ['list', '--limit', '5', '--json'], options)).toMatchObject({
      values: { limit: '5', json: true },
      positionals: ['list'],
    });
  });
});

describe('subcommand', () => {
  const needs = { list: null, show: 'an item id' };
  it.each([
    ['the default', [], { sub: 'list', arg: undefined }],
    ['one with its argument', ['show', 'abc'], { sub: 'show', arg: 'abc' }],
    [
      'an unknown one',
      ['shwo'],
      'newsmon claims: unknown subcommand "shwo"; see newsmon claims --help',
    ],
    [
      'a missing argument',
      ['show'],
      'newsmon claims show: give an item id; see newsmon claims --help',
    ],
    [
      'one argument too many',
      ['show', 'a', 'b'],
      'newsmon claims show: unexpected argument b; see newsmon claims --help',
    ],
    [
      'an argument where none is taken',
      ['list', 'a'],
      'newsmon claims list: unexpected argument a; see newsmon claims --help',
    ],
  ])('reads %s', (_n, positionals, expected) => {
    expect(attempt(() => subcommand('claims', positionals, needs))).toEqual(expected);
  });
});

describe('intFlag', () => {
  it.each([
    ['absent: the fallback', undefined, 50],
    ['a number in bounds', '120', 120],
    ['the lower bound', '1', 1],
    [
      'above the bound',
      '501',
      'newsmon claims: --limit must be a whole number 1–500, not "501"; see newsmon claims --help',
    ],
    [
      'not a number',
      'ten',
      'newsmon claims: --limit must be a whole number 1–500, not "ten"; see newsmon claims --help',
    ],
    [
      'a fraction',
      '2.5',
      'newsmon claims: --limit must be a whole number 1–500, not "2.5"; see newsmon claims --help',
    ],
    [
      'negative',
      '-1',
      'newsmon claims: --limit must be a whole number 1–500, not "-1"; see newsmon claims --help',
    ],
  ])('reads %s', (_n, value, expected) => {
    expect(attempt(() => intFlag('claims', '--limit', value, { min: 1, max: 500 }, 50))).toBe(
      expected,
    );
  });
});

describe('durationFlag', () => {
  it.each([
    ['bare seconds', '600', 600],
    ['seconds', '90s', 90],
    ['minutes', '10m', 600],
    ['hours', '2h', 7200],
    ['days', '1d', 86_400],
    ['the default', 'default', null],
  ])('reads %s', (_n, value, expected) => {
    expect(durationFlag('feeds set', '--interval', value)).toBe(expected);
  });

  it('refuses a word with a hint', () => {
    expect(attempt(() => durationFlag('feeds set', '--interval', 'soon'))).toMatch(
      /^newsmon feeds set: --interval must be seconds .*not "soon"; see newsmon feeds --help$/,
    );
  });
});

describe('pageLine', () => {
  it.each([
    ['the first page of more', 230, 50, 0, '1–50 of 230 (next: --offset 50)'],
    ['a middle page', 230, 50, 50, '51–100 of 230 (next: --offset 100)'],
    ['the last page', 230, 30, 200, '201–230 of 230'],
    ['everything at once', 3, 3, 0, '1–3 of 3'],
    ['an empty list', 0, 0, 0, '0 of 0'],
    ['an offset past the end', 10, 0, 50, 'none past 50 of 10'],
  ])('heads %s', (_n, total, shown, offset, line) => {
    expect(pageLine(total, shown, offset)).toBe(line);
  });
});

describe('describeScope', () => {
  it.each<[string, ReprocessScope, string]>([
    ['one feed', { kind: 'feed', feed: 'wttw-news' }, 'feed wttw-news'],
    ['every feed', { kind: 'feeds' }, 'every feed'],
    ['every article', { kind: 'all' }, 'every article'],
    ['one article', { kind: 'articles', ids: ['a1'] }, 'article a1'],
    [
      'many articles',
      { kind: 'articles', ids: ['a1', 'a2', 'a3', 'a4'] },
      '4 articles (a1, a2, a3, …)',
    ],
    ['an outlet', { kind: 'outlet', outlet: 'WTTW' }, 'articles of outlet "WTTW"'],
    [
      'a date range',
      { kind: 'dates', field: 'publishedAt', from: '2025-10-01', to: '2025-10-08' },
      'articles published 2025-10-01 to 2025-10-08',
    ],
    [
      'an open range',
      { kind: 'dates', field: 'createdAt', from: '2025-10-01', to: null },
      'articles added since 2025-10-01',
    ],
  ])('says %s in words', (_n, scope, words) => {
    expect(describeScope(scope)).toBe(words);
  });
});
