import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

// Who said it, in web text (issue 17, point 5). Synthetic paragraphs in the shapes the coverage
// pages show; each case names the mechanism it pins.
const cases: { name: string; text: string; quote: string; speaker: string | null }[] = [
  {
    name: 'a title and role before the name',
    text: '“The officers left the scene,” DHS spokesperson Ann Lee said on Saturday.',
    quote: 'The officers left the scene,',
    speaker: 'Ann Lee',
  },
  {
    name: 'an organisation',
    text: '“Our officers responded to every call,” the department said in a statement.',
    quote: 'Our officers responded to every call,',
    speaker: 'the department',
  },
  {
    name: 'a voice on the radio, the quote read out after it',
    text: '“Per the chief of patrol: clear everybody out, we are not responding over there,” a male voice said on the dispatch recording.',
    quote: 'Per the chief of patrol: clear everybody out, we are not responding over there,',
    speaker: 'a male voice',
  },
  {
    name: 'the speaker of the previous paragraph, when the quote stands alone',
    text:
      'In a statement Sunday, the police department disputed claims that officers stayed away.\n\n' +
      '“Officers did in fact respond to the scene to keep the public safe.”',
    quote: 'Officers did in fact respond to the scene to keep the public safe.',
    speaker: 'the police department',
  },
  {
    name: 'a number-led subject keeps its noun (not "Two")',
    text: 'Two ranking Chicago police sources sharply rejected the account, telling reporters it was, in their words, “a cover story from start to finish.”',
    quote: 'a cover story from start to finish.',
    speaker: 'Two ranking Chicago police sources',
  },
  {
    name: 'the object of a preposition is no subject',
    text: 'A local reporter asked the chief about the stand-down reports, “Were officers told by dispatch to stay away?”',
    quote: 'Were officers told by dispatch to stay away?',
    speaker: 'A local reporter',
  },
  {
    name: 'a participle aside is not the subject (not "Friday")',
    text: 'The videos, released Friday, confirmed that officers were told “to clear out of the area at once,” a spokesperson said later.',
    quote: 'to clear out of the area at once,',
    speaker: 'a spokesperson',
  },
  {
    name: 'an adverb after the subject is no part of it',
    text: 'The woman allegedly posted online: “Come out tonight and do not let them take anyone.”',
    quote: 'Come out tonight and do not let them take anyone.',
    speaker: 'The woman',
  },
  {
    name: 'page chrome said twice is nobody’s name: "he" is the person named before',
    text:
      'Jo Roe, the county prosecutor, spoke on Tuesday. Advertisement Advertisement\n\n' +
      '“The agents were never in danger,” he said.',
    quote: 'The agents were never in danger,',
    speaker: 'Jo Roe',
  },
];

describe('speakers in web text', () => {
  it.each(cases)('$name', ({ text, quote, speaker }) => {
    const found = findQuotes(text).find((q) => q.text === quote);
    expect(found?.speaker ?? null).toBe(speaker);
  });
});
