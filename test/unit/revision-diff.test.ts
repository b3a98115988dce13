import { describe, expect, it } from 'vitest';
import { diffRevision } from '../../src/dedup/revision-diff.js';

const BASE = [
  'Updated 4:10 p.m. CDT, Oct. 6, 2025',
  'Chicago police were told not to help federal agents on Saturday, the union said. The department disputed that account.',
  'About 30 agents were at the scene, according to a dispatch record. 1,204 comments',
].join('\n\n');

describe('diffRevision', () => {
  it.each([
    ['the same text', BASE, true, [], []],
    [
      'only the "updated" line changed',
      BASE.replace('Updated 4:10 p.m. CDT, Oct. 6, 2025', 'Updated 6:45 p.m. CDT, Oct. 7, 2025'),
      true,
      [],
      [],
    ],
    [
      'only a comment counter changed',
      BASE.replace('1,204 comments', '1,377 comments'),
      true,
      [],
      [],
    ],
    [
      'a sentence was added',
      `${BASE}\n\nThe mayor said on Monday he would ask for the recordings.`,
      false,
      ['The mayor said on Monday he would ask for the recordings.'],
      [],
    ],
    [
      'a number in the story changed',
      BASE.replace('About 30 agents', 'About 50 agents'),
      false,
      ['About 50 agents were at the scene, according to a dispatch record.'],
      ['About 30 agents were at the scene, according to a dispatch record.'],
    ],
    [
      'a date in the story changed',
      BASE.replace('on Saturday, the union said', 'on Oct. 4, the union said'),
      false,
      ['Chicago police were told not to help federal agents on Oct. 4, the union said.'],
      ['Chicago police were told not to help federal agents on Saturday, the union said.'],
    ],
    [
      'a stamp line without a label changed',
      BASE.replace('Updated 4:10 p.m. CDT, Oct. 6, 2025', 'CDT, Oct. 7, 2025 6:45 p.m.'),
      true,
      [],
      [],
    ],
    [
      'a sentence was removed',
      BASE.replace(' The department disputed that account.', ''),
      false,
      [],
      ['The department disputed that account.'],
    ],
  ])('judges %s', (_n, next, trivial, added, removed) => {
    const diff = diffRevision(BASE, next);
    expect(diff.trivial).toBe(trivial);
    expect(diff.added.map((s) => s.text)).toEqual(added);
    expect(diff.removed.map((s) => s.text)).toEqual(removed);
  });

  it('gives offsets of added sentences into the new text', () => {
    const next = `${BASE}\n\nThe mayor said on Monday he would ask for the recordings.`;
    const [s] = diffRevision(BASE, next).added;
    expect(next.slice(s!.start, s!.end)).toBe(s!.text);
  });
});
