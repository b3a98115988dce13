// What reported-speech.ts decides: which sentences without a quote of their own report someone's
// words, which part is the reported clause, and the phrase that names who said it.
import { describe, expect, it } from 'vitest';

import { candidate } from '../../src/claims/quote-marks.js';
import { reportedSpeech } from '../../src/claims/reported-speech.js';
import { lines, sentences } from '../../src/text/normalize.js';

const reported = (text: string) =>
  reportedSpeech(text, lines(text), sentences(text), [], undefined).map((c) => [
    text.slice(c.start, c.end),
    c.cue?.phrase ?? null,
  ]);

const cases: { name: string; text: string; want: [string, string][] }[] = [
  {
    name: '“X said that …”: the clause after “that”',
    text: 'The mayor’s office said that the city will keep following the 2017 law.',
    want: [['the city will keep following the 2017 law.', 'The mayor’s office']],
  },
  {
    name: 'a day between the verb and the clause is no part of it',
    text: 'Lee said Monday that the plan had failed completely.',
    want: [['the plan had failed completely.', 'Lee']],
  },
  {
    name: 'a participial aside between the subject and its verb is no part of the subject',
    text: 'Bovino, speaking with a photographer later that day, said his men had received help.',
    want: [['his men had received help.', 'Bovino']],
  },
  {
    name: 'a clause before the verb is no subject (“The plan, officials said, …”)',
    text: 'The plan, officials said, would cost the city more than it saves.',
    want: [],
  },
  {
    name: '“According to X, …”',
    text: 'According to the New York Post, the radio calls went unanswered for an hour.',
    want: [['the radio calls went unanswered for an hour.', 'the New York Post']],
  },
  {
    name: '“…, X said.” at the end',
    text: 'The woman later sought treatment at a hospital, DHS said.',
    want: [['The woman later sought treatment at a hospital', 'DHS']],
  },
  {
    name: 'a noun with a passive “reported by” did not speak',
    text: 'Radio audio and an internal memo reported by a TV station indicate officers were told to leave the scene.',
    want: [],
  },
  {
    name: 'a clause of fewer than four words says too little to review',
    text: 'He said so.',
    want: [],
  },
  {
    name: 'a subject with an aside in commas is not read as one',
    text: 'The protesters, who had gathered since dawn and sang, said they would stay.',
    want: [],
  },
  {
    name: 'a subject of more than eight words is no speaker',
    text: 'Officials in three different city departments across the region said the plan was late.',
    want: [],
  },
  {
    name: 'a sentence whose marks only set off a few words still reports (no quote of its own)',
    text: 'The mayor said that the plan was “a failure of duty” by the leadership.',
    want: [['the plan was “a failure of duty” by the leadership.', 'The mayor']],
  },
];

describe('reported speech: which unmarked sentences report words', () => {
  it.each(cases)('$name', ({ text, want }) => {
    expect(reported(text)).toEqual(want);
  });

  it('leaves a sentence holding a kept quote to the quote finder', () => {
    const text = 'The mayor said that the plan was “a failure of duty by the leadership.”';
    const kept = [candidate(text.indexOf('“') + 1, text.length - 1, 0, 'direct')];
    expect(reportedSpeech(text, lines(text), sentences(text), kept, undefined)).toEqual([]);
  });
});
