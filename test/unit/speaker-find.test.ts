// What speaker-find.ts decides: from the grammar of attribution, the phrase that names the
// speaker on one side of a quote, or that there is none. Name, role and resolution come later
// (speaker-name.test.ts, speaker-resolve.test.ts).
import { describe, expect, it } from 'vitest';

import { speakerAfter, speakerBefore } from '../../src/claims/speaker-find.js';

interface Case {
  name: string;
  /** The text after the closing mark, or before the opening one. */
  text: string;
  /** After: the quote ends its sentence. Before: words allowed between the cue and the quote. */
  arg?: boolean | number;
  want: string | null;
  apposition?: string;
}

const after: Case[] = [
  { name: 'name then verb', text: ' Yoes said.', want: 'Yoes' },
  {
    name: 'verb then name, a role in apposition kept apart',
    text: ', said Tricia Lee, Assistant Secretary for Public Affairs.',
    want: 'Tricia Lee',
    apposition: 'Assistant Secretary for Public Affairs',
  },
  { name: 'a dash line names the speaker', text: ' ― Steve Roe.', want: 'Steve Roe' },
  { name: '“according to”', text: ', according to DHS.', want: 'DHS' },
  { name: 'an organisation speaks through “it”', text: ', it added.', want: 'it' },
  {
    name: 'a party-and-state tag is dropped, the title kept for the name reader',
    text: ', Rep. Ann Lee (D-Md.) said on Friday.',
    want: 'Rep. Ann Lee',
  },
  { name: 'an age between name and verb is dropped', text: ', Jo Roe, 25, said.', want: 'Jo Roe' },
  { name: 'a time after the verb is no speaker', text: ' said Monday.', want: null },
  {
    name: 'after a sentence-ending quote, a long next sentence is a new statement',
    text: ' She says it underscores the need for more patrols in the city.',
    arg: true,
    want: null,
  },
  {
    name: 'a lower-case pronoun cannot open a sentence, so it attributes however long the tail',
    text: ' she said, but the officer had already turned away and walked back to his car.',
    arg: true,
    want: 'she',
  },
  {
    name: 'a next sentence that reports a quote of its own keeps its speaker for that quote',
    text: ' The union said the order showed “contempt.”',
    arg: true,
    want: null,
  },
  {
    name: 'a short next sentence that only attributes is the attribution',
    text: ' The union said on Monday.',
    arg: true,
    want: 'The union',
  },
  {
    name: 'the subject of a subordinate clause did not say the quote',
    text: ' after Ann Lee complained that it was unfair',
    want: null,
  },
  {
    name: 'nor the subject of a “when” clause',
    text: ' when he said on Monday that it was over',
    want: null,
  },
  { name: 'a main clause does attribute', text: ' Ann Lee complained on Monday.', want: 'Ann Lee' },
  {
    name: 'a clause that only happens to end in a cue word is no noun phrase',
    text: ' compared to 11% of Democratic claims.',
    want: null,
  },
  {
    name: 'nor is a participle clause before the verb',
    text: ', sponsored by NBC News and said',
    want: null,
  },
];

const before: Case[] = [
  {
    name: 'the phrase before a speech verb and a comma',
    text: 'On Sunday, a city dispatcher replied, ',
    arg: 3,
    want: 'a city dispatcher',
  },
  {
    name: 'a partial quote takes the subject of its speech verb',
    text: 'Jane Roe said the directive was ',
    arg: 20,
    want: 'Jane Roe',
  },
  {
    name: 'a participle takes the sentence’s subject when no speech verb comes before it',
    text: 'The mayor’s office released a statement on Tuesday, saying ',
    arg: 20,
    want: 'The mayor’s office',
  },
  {
    name: 'a participle after a parenthetical attribution takes its speaker, not the subject',
    text: 'One driver was allegedly armed with a rifle, she wrote, describing the gunfire as ',
    arg: 20,
    want: 'she',
  },
  {
    name: 'a speech verb in a relative clause does not give a participle its speaker',
    text: 'Ann Roe, whom Bo Lee accused of lying, denied the claim on Monday, saying ',
    arg: 20,
    want: 'Ann Roe',
  },
  {
    name: 'a participle after a reported speech verb takes that verb’s subject',
    text: 'Reports suggest that he later boasted about his aim in a text message, stating, ',
    arg: 20,
    want: 'he',
  },
  {
    name: 'the second verb of a coordination takes the sentence’s subject',
    text: 'Mayor Ann Lee urged the crowd to leave the plaza and said the response was ',
    arg: 20,
    want: 'Mayor Ann Lee',
  },
  {
    name: 'the name before a role in apposition',
    text: 'Kerr Doe, the city’s police chief, said the video did not give ',
    arg: 20,
    want: 'Kerr Doe',
    apposition: 'the city’s police chief',
  },
  {
    name: 'the name before a relative clause',
    text: 'Ann Roe, who runs the veterans effort, said, ',
    arg: 3,
    want: 'Ann Roe',
  },
  {
    name: 'the subject of a relative clause with a naming verb',
    text: 'Residents described the raid, which Alderman Jo Roe called a ',
    arg: 20,
    want: 'Alderman Jo Roe',
  },
  {
    name: 'a subject pronoun right before a judging verb',
    text: 'In an interview he blasted the agents for being ',
    arg: 20,
    want: 'he',
  },
  {
    name: '“according to X,” opens the sentence',
    text: 'According to the New York Post, the radio calls went ',
    arg: 20,
    want: 'the New York Post',
  },
  {
    name: 'a cue word after a determiner is a noun (“those reports”)',
    text: 'dismissed those reports as ',
    arg: 20,
    want: null,
  },
  {
    name: 'a cue word as the object of a preposition is a noun (“about the reports”)',
    text: 'A local reporter asked the chief about the stand-down reports, ',
    arg: 3,
    want: null,
  },
  {
    name: 'too many words between the verb and the quote',
    text: 'Jane Roe said the directive, the plan and the order were all meant to be read as one ',
    arg: 3,
    want: null,
  },
];

describe('speaker after a quote', () => {
  it.each(after)('$name', ({ text, arg, want, apposition }) => {
    const got = speakerAfter(text, arg === true);
    expect(got?.phrase ?? null).toBe(want);
    if (apposition) expect(got?.apposition).toBe(apposition);
  });
});

describe('speaker before a quote', () => {
  it.each(before)('$name', ({ text, arg, want, apposition }) => {
    const got = speakerBefore(text, arg as number);
    expect(got?.phrase ?? null).toBe(want);
    if (apposition) expect(got?.apposition).toBe(apposition);
  });
});
