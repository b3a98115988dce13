import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { passesPrefilter } from '../../src/relevance/entry-prefilter.js';
import { compileStory } from '../../src/relevance/relevance-score.js';

const matcher = compileStory(loadConfig({}).story);

describe('passesPrefilter', () => {
  it.each([
    [
      'a title naming a person of the story',
      'Snelling defends officers after weekend protest',
      null,
      true,
    ],
    ['a title naming a place of the story', 'Protesters gather again in Brighton Park', null, true],
    ['an acronym of the story', 'CPD releases dispatch audio', null, true],
    [
      'a story term only in the summary',
      'Weekend recap',
      'Federal agents and Chicago police clashed…',
      true,
    ],
    ['no title or summary to judge', null, null, true],
    ['sports', 'Bears beat Packers in overtime', 'A late field goal decided it.', false],
    [
      'ICE the train',
      'ICE trains delayed by storm',
      'Deutsche Bahn said ICE trains would run late.',
      false,
    ],
  ])('judges %s', (_n, title, summary, expected) => {
    expect(passesPrefilter({ title, summary }, matcher)).toBe(expected);
  });
});
