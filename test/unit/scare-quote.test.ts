// What scare-quote.ts decides: which quoted stretches are someone's words (statements) and which
// are scare quotes, titles, names, terms or leftovers of markup. Made-up sentences in the style of
// the Chicago police / ICE coverage; each row keeps the direct quotes found, with their speakers
// where the row is about a speaker being what makes the words someone's.
import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

const direct = (text: string) =>
  findQuotes(text)
    .filter((q) => q.form === 'direct')
    .map((q) => ({ text: q.text, speaker: q.speaker }));

const cases: { name: string; text: string; want: string[]; speakers?: (string | null)[] }[] = [
  // Titles of works and names.
  {
    name: 'a title after a preposition, even beside a speech verb, is a title',
    text: 'On “Face the Nation,” Sen. Ann Lee said the plan was finished.',
    want: [],
  },
  {
    name: 'a work named after a word for it is a title',
    text: 'In his book “Make Your Kid a Millionaire,” Mr. Doe suggested saving early.',
    want: [],
  },
  {
    name: 'a title after a word for a work and a comma is a title, speech verb or not',
    text: 'In his 2019 book, “Policing the Second City,” Mr. Doe argued for more patrols.',
    want: [],
  },
  {
    name: 'a title in doubled apostrophes after a word for a work is a title',
    text: "They sang the anthem ''We Shall Overcome,'' the organizer said.",
    want: [],
  },
  {
    name: 'a long run of capitalised words is a title',
    text: 'The chief recalled reading “Blue Line: How Cities Win or Lose the Trust of Their Streets” as a recruit.',
    want: [],
  },
  {
    name: 'a quote after a word for a work and a comma is its title, whatever its case',
    text: 'Jo Roe’s column, “Tell the city what you saw that night,” drew many letters.',
    want: [],
  },
  {
    name: 'a quoted name beginning with “The” in a headline is a nickname',
    text: 'Trump ‘The Dealmaker’ Meets Chicago Police Union\n\nThe meeting ran late.',
    want: [],
  },
  {
    name: 'a message written in capitals is no title',
    text: 'A dispatch message read: “ATTENTION ALL UNITS. DO NOT RESPOND TO THIS CALL.” It was sent at noon.',
    want: ['ATTENTION ALL UNITS. DO NOT RESPOND TO THIS CALL.'],
  },
  // Terms, sign-offs and leftovers.
  {
    name: 'single scare quotes with no reporting cue are terms',
    text: 'Officials blamed “sanctuary” politicians and the “Trust Act” for an “invasion” narrative.',
    want: [],
  },
  {
    name: '“so-called” marks a term',
    text: 'The so-called “sanctuary” rules date from 2017.',
    want: [],
  },
  {
    name: 'a term inside a sentence whose subject speaks is still a term',
    text: 'Agents say the “rapid response” teams follow them.',
    want: [],
  },
  {
    name: 'a term after a verb of action',
    text: 'Aldermen asked the chair to call a “special meeting” on Friday.',
    want: [],
  },
  {
    name: 'a word the subject is described with, not one it said',
    text: 'She was called a hero by neighbors for hiding “undocumented” families.',
    want: [],
  },
  {
    name: 'a name something is known by',
    text: 'The plan, known as the “rapid removal of undocumented residents,” failed.',
    want: [],
  },
  {
    name: 'words nobody in particular is said to use',
    text: 'Arrests rose under what is being called a “see something, arrest someone” policy.',
    want: [],
  },
  {
    name: 'a follow-us sign-off in quotation marks',
    text: '"Follow Jo Roe on Twitter @joroe."',
    want: [],
  },
  {
    name: 'attribute values of left-over markup',
    text: '<tweet author="Sam Doe says the budget will pass next week" date="today">',
    want: [],
  },
  {
    name: 'a markup attribute value whose mark has a space after it',
    text: '<tweet tweet-author=" officers were told to stay back from the scene">',
    want: [],
  },
  {
    name: 'a stage direction in a quoted transcript; the turns are statements',
    text: '"ROE: We will finish the bridge this year.\n\n"(CROSSTALK.)\n\n"DOE: Not with this budget."',
    want: ['ROE: We will finish the bridge this year.', 'DOE: Not with this budget.'],
  },
  {
    name: 'a clause that only ends in a cue word gives a short quote no speaker',
    text: 'The site rated the chief’s remarks “pants on fire,” compared to 11% of Democratic claims.',
    want: [],
  },
  // Short partial quotes that are someone's words.
  {
    name: 'a naming verb puts someone’s word in quotes',
    text: 'Mayor Ann Lee called the federal operation “reckless.”',
    want: ['reckless.'],
    speakers: ['Ann Lee'],
  },
  {
    name: 'a name given in a relative clause is its subject’s word',
    text: 'Residents described the raid, which Alderman Jo Roe called a “disgrace,” as chaotic.',
    want: ['disgrace,'],
    speakers: ['Jo Roe'],
  },
  {
    name: 'a describing verb introduces words with “as”',
    text: 'Chief Sam Doe described the standoff as “a total mess.”',
    want: ['a total mess.'],
    speakers: ['Sam Doe'],
  },
  {
    name: 'an accusation introduces words with “of”',
    text: 'The union accused the agency of “stonewalling.”',
    want: ['stonewalling.'],
  },
  {
    name: 'a judging verb introduces words with “for being”',
    text: 'In an interview he blasted the agents for being “totally reckless.”',
    want: ['totally reckless.'],
  },
  {
    name: 'a comparison likens something to words',
    text: 'Ann Lee likened the scene to “a war zone.”',
    want: ['a war zone.'],
  },
  {
    name: 'words quoted as “the words”',
    text: 'Protesters wore shirts printed with the words “ICE out.”',
    want: ['ICE out.'],
  },
  {
    name: 'a short quote right after a speech verb, in title case',
    text: 'The crowd marched past the station, chanting “No More Raids!”',
    want: ['No More Raids!'],
    speakers: ['The crowd'],
  },
  {
    name: 'a short quote right after a speech verb, in lower case',
    text: 'Sam Doe said “better training” would fix it.',
    want: ['better training'],
  },
  {
    name: 'a single word called for is someone’s word',
    text: 'He called for “calm” after the shooting, then left.',
    want: ['calm'],
    speakers: ['He'],
  },
  {
    name: 'the following items of a list of quoted words',
    text: 'Jo Roe called the officers “cowards,” “liars” and “a disgrace.”',
    want: ['cowards,', 'liars', 'a disgrace.'],
  },
  {
    name: 'no list goes on after a long quote',
    text: 'The agent claimed that “the protesters were throwing rocks at us,” and “chaos” followed.',
    want: ['the protesters were throwing rocks at us,'],
  },
  {
    name: 'a whole sentence introduced by a colon',
    text: 'The chief had a simple message: “Stay home.”',
    want: ['Stay home.'],
  },
  {
    name: 'a quote in a headline is a statement',
    text: 'Alderman Calls Federal Raid ‘Out of Control’\n\nThe raid began at dawn.',
    want: ['Out of Control'],
  },
  {
    name: 'a quote holding a scare-quoted word of its own is a statement',
    text: '“I would rather live in what he calls “chaos” than watch agents take my neighbors,” said Ana Ruiz.',
    want: ['I would rather live in what he calls “chaos” than watch agents take my neighbors,'],
    speakers: ['Ana Ruiz'],
  },
  // Where a partial quote sits in its sentence.
  {
    name: 'short quoted words that close a sentence with a speech verb',
    text: 'The mayor said the department would respond “without delay.”',
    want: ['without delay.'],
    speakers: ['The mayor'],
  },
  {
    name: 'short quoted words inside a sentence with a speech verb are a term',
    text: 'The mayor said the department had “adequate resources” for the march.',
    want: [],
  },
  {
    name: 'longer quoted words mid-clause, the sentence running on after them, are a term',
    text: 'The chief said there had been “no contact with federal agents” at the scene.',
    want: [],
  },
  {
    name: 'longer quoted words a naming cue sets off mid-clause',
    text: 'Jo Roe called the order “an attack on our city’s values” in a statement.',
    want: ['an attack on our city’s values'],
  },
  {
    name: 'longer quoted words a describing cue sets off mid-clause',
    text: 'The union has gone after the mayor as “a friend of nobody in uniform” for months.',
    want: ['a friend of nobody in uniform'],
  },
  {
    name: 'quoted words a speech verb reports right before the marks',
    text: 'The department reported “three separate incidents” in the district.',
    want: ['three separate incidents'],
  },
  {
    name: 'the words of “as X put it”',
    text: 'He was seen, as one alderman put it in a letter, “the problem.”',
    want: ['the problem.'],
  },
];

describe('scare quotes: which quoted words are statements', () => {
  it.each(cases)('$name', ({ text, want, speakers }) => {
    const got = direct(text);
    expect(got.map((q) => q.text)).toEqual(want);
    if (speakers) expect(got.map((q) => q.speaker)).toEqual(speakers);
  });
});
