import { describe, expect, it } from 'vitest';

import { findClaims, NO_COMMENT_SCORE } from '../../src/claims/claim-find.js';
import { classifySentence, type SentenceClass } from '../../src/claims/sentence-classify.js';
import { sentences, lines } from '../../src/text/normalize.js';

// What each sentence is, and why. Synthetic sentences in the shapes the coverage pages show.
const cases: {
  name: string;
  text: string;
  want: SentenceClass;
  first?: boolean;
  last?: boolean;
}[] = [
  // Statements: reportable information, whether or not it shows a number.
  {
    name: 'reported speech with an accusation',
    text: 'The spokeswoman accused city police of leaving agents alone at the scene.',
    want: 'statement',
  },
  {
    name: 'a negative fact',
    text: 'No officers were seriously hurt in the clash, the agency confirmed.',
    want: 'statement',
  },
  {
    name: 'a timeline line',
    text: '- 11:42 a.m. – Police received a call from a federal agent asking for help.',
    want: 'statement',
  },
  {
    name: 'an official action without a figure',
    text: 'A federal inquiry has been opened into whether officers were told to stay away.',
    want: 'statement',
  },
  {
    name: 'a no-comment line, kept (at low worth)',
    text: 'The mayor’s office did not respond to a request for comment on Monday.',
    want: 'statement',
  },
  {
    name: 'an attributed opinion is a statement of what someone said',
    text: 'The union president said the city should rethink its whole approach.',
    want: 'statement',
  },
  // Around the statements: the page's furniture.
  {
    name: 'the first line, unpunctuated: a headline',
    text: 'Union leader slams city over stand-down report',
    want: 'headline',
    first: true,
  },
  {
    name: 'a timeline line without a final period',
    text: '- 12:40 p.m. – Officers were told to leave the area around the station',
    want: 'statement',
  },
  {
    name: 'a timeline line opening with its time',
    text: '12:40 p.m. Officers were told to leave the area around the station',
    want: 'statement',
  },
  {
    name: 'a paragraph of a quote that runs on into the next',
    text: '“We were told to clear the area and not come back until the agents had gone',
    want: 'statement',
  },
  {
    name: 'the last line of an excerpt, cut off mid-sentence',
    text: 'If the request is for help with a civil immigration matter, officers will not assis',
    want: 'statement',
    last: true,
  },
  {
    name: 'a sentence that lost its period but ends on an ellipsis',
    text: 'Officers were told to stay away from the scene until the agents had left…',
    want: 'statement',
  },
  {
    name: 'a list line opening with another bullet',
    text: '► Officers were told to stay away from the scene until the agents left',
    want: 'statement',
  },
  {
    name: 'a paragraph of a quote in straight marks that runs on',
    text: '"We were told to clear the area and not come back until the agents had gone',
    want: 'statement',
  },
  {
    name: 'several pictures showing something are reporting, not a caption',
    text: 'Images from the body cameras show officers leaving the scene on Saturday.',
    want: 'statement',
  },
  {
    name: 'a title-case list line is a list line',
    text: '- Department of Homeland Security Secretary Kristi Noem Visited Broadview',
    want: 'statement',
  },
  {
    name: 'an inch mark is no open quote',
    text: 'Storm dumps 8" of snow on the suburbs overnight',
    want: 'headline',
  },
  {
    name: 'a sentence-case sub-head',
    text: 'Officials criticize the stand-down; police say officers responded',
    want: 'headline',
  },
  {
    name: 'a title-case sub-head',
    text: 'What The Dispatch Records Show About Saturday',
    want: 'headline',
  },
  {
    name: 'a photo caption with its credit',
    text: 'Protesters gather outside the facility on Friday. (Photo by Ann Lee/Getty Images)',
    want: 'caption',
  },
  {
    name: 'a caption naming what the picture is',
    text: 'Screenshot of the dispatch message sent to officers on Saturday morning.',
    want: 'caption',
  },
  {
    name: 'chrome glued to a badge',
    text: 'NEWYou can now listen to Daily Ledger articles!',
    want: 'chrome',
  },
  {
    name: 'a bracketed link to another story',
    text: '(RELATED: Protesters Block Federal Vans Outside Processing Center)',
    want: 'chrome',
  },
  {
    name: 'a bracketed label inside a sentence is not chrome',
    text: 'The agency said (UPDATE: in a second statement) that no officer was hurt.',
    want: 'statement',
  },
  {
    name: 'a title-case teaser cut off by an ellipsis',
    text: 'Why the City Council Stayed Silent After the Weekend Raid on the West Side...',
    want: 'headline',
  },
  {
    name: 'a sentence-case line that trails off is a statement',
    text: 'Officers were told to stay away from the scene, a dispatcher said, and then…',
    want: 'statement',
  },
  { name: 'a byline', text: 'By Ann Lee and Bo Roe', want: 'byline' },
  {
    name: 'a publication stamp',
    text: 'Published October 6, 2025 10:02am EDT',
    want: 'byline',
  },
  { name: 'a dateline alone', text: 'CHICAGO (AP) —', want: 'dateline' },
  {
    name: 'sharing chrome',
    text: 'Share and Follow',
    want: 'chrome',
  },
  {
    name: 'a newsletter pitch',
    text: 'Sign up for our morning newsletter to get the latest news in your inbox.',
    want: 'chrome',
  },
  {
    name: 'a rhetorical question',
    text: 'How long will the city let its partners face danger without backup?',
    want: 'question',
  },
  {
    name: 'pure opinion: a judgement with nothing to check',
    text: 'This is truly a shameful day for everyone who wears a badge.',
    want: 'opinion',
  },
  { name: 'a short fragment', text: 'Tensions rose on Saturday.', want: 'fragment' },
  { name: 'only numbers', text: '12 34 56 78 90 12 34 56 78 90 11', want: 'fragment' },
  { name: 'only punctuation', text: '.,;!?-–—()"'.repeat(20), want: 'fragment' },
  {
    name: 'a 10,000-word "sentence"',
    text: Array.from({ length: 10_000 }, (_, i) => `word${i % 97}`).join(' ') + '.',
    want: 'run-on',
  },
];

describe('classifySentence', () => {
  it.each(cases)('$name → $want', ({ text, want, first, last }) => {
    const line = { text, start: 0, end: text.length };
    expect(classifySentence(line, line, first ?? false, last ?? false)).toBe(want);
  });

  it('classifies every sentence of a page on its own line', () => {
    const page =
      'Union leader slams city over stand-down report\n\nBy Ann Lee\n\n' +
      'The union said officers were ordered away from the scene. Nobody was hurt in the clash on Saturday.';
    const ls = lines(page);
    const got = sentences(page).map((s) => {
      const li = ls.findIndex((l) => l.start <= s.start && s.start < l.end);
      return classifySentence(s, ls[li]!, li === 0);
    });
    expect(got).toEqual(['headline', 'byline', 'statement', 'statement']);
  });
});

describe('findClaims keeps statements only', () => {
  it('ranks a no-comment line lowest', () => {
    const [claim] = findClaims(
      'The mayor’s office did not respond to a request for comment on Monday.',
    );
    expect(claim?.score).toBe(NO_COMMENT_SCORE);
    expect(claim?.reasons).toContain('no comment');
  });
});
