// What speech-verbs.ts decides: which words report speech. The lists are words only; whether a
// word is a verb where it stands (`her tweets`) is the speaker finders' to judge.
import { describe, expect, it } from 'vitest';

import { hasSpeechCue } from '../../src/claims/speech-verbs.js';

const cases: { name: string; text: string; want: boolean }[] = [
  { name: 'the commonest cue', text: 'she said', want: true },
  { name: 'a verb that names its listener', text: 'he told reporters', want: true },
  { name: 'a phrase verb', text: 'as one alderman put it', want: true },
  { name: 'a participle of speech', text: 'adding', want: true },
  { name: 'a naming verb, a cue inside its own sentence only', text: 'calls it', want: true },
  { name: 'a verb that reports words by judging with them', text: 'slammed the plan', want: true },
  {
    name: 'a cue word is found wherever it stands, even as a noun',
    text: 'her tweets',
    want: true,
  },
  { name: 'a verb of action is no cue', text: 'walked away', want: false },
  { name: 'a noun of speech without its verb is no cue', text: 'the report', want: false },
  { name: 'a cue inside a longer word is no cue', text: 'the saidboard', want: false },
];

describe('speech verbs: which words report speech', () => {
  it.each(cases)('$name: “$text”', ({ text, want }) => {
    expect(hasSpeechCue(text)).toBe(want);
  });
});
