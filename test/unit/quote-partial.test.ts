// Partial quotes, titles and marks that are not quotes: made-up sentences in the style of the
// Chicago police / ICE coverage, one rule each.
import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';

const direct = (text: string) =>
  findQuotes(text)
    .filter((q) => q.form === 'direct')
    .map((q) => ({ text: q.text, speaker: q.speaker }));

describe('marks that are not quotation marks', () => {
  it('reads a straight mark after a digit as inches, not as an opening quote', () => {
    expect(direct('The agent is 6\'3" tall and weighs 236 pounds, the report shows.')).toEqual([]);
  });

  it('skips a markup attribute value even when a space follows its mark', () => {
    expect(
      direct('<tweet tweet-author=" officers were told to stay back from the scene">'),
    ).toEqual([]);
  });
});

describe('quotes inside quotes', () => {
  it('keeps the outer quote when an inner one uses the same curly marks', () => {
    expect(
      direct(
        '“I would rather live in what he calls “chaos” than watch agents take my neighbors,” said Ana Ruiz.',
      ),
    ).toEqual([
      {
        text: 'I would rather live in what he calls “chaos” than watch agents take my neighbors,',
        speaker: 'Ana Ruiz',
      },
    ]);
  });
});

describe('titles of works', () => {
  it('treats a title after a word for a work and a comma as a title, speech verb or not', () => {
    expect(
      direct('In his 2019 book, “Policing the Second City,” Mr. Doe argued for more patrols.'),
    ).toEqual([]);
  });

  it('treats a title after a word for a work written with doubled apostrophes as a title', () => {
    expect(direct("They sang the anthem ''We Shall Overcome,'' the organizer said.")).toEqual([]);
  });

  it('treats a long run of capitalised words as a title, not a statement', () => {
    expect(
      direct(
        'The chief recalled reading “Blue Line: How Cities Win or Lose the Trust of Their Streets” as a recruit.',
      ),
    ).toEqual([]);
  });
});

describe('speakers of full quotes', () => {
  it('takes a lower-case pronoun after a question as the attribution, however long the sentence', () => {
    expect(
      direct(
        '“Are you safe?” she said, but the officer had already turned away and walked back to his car.',
      ).map((q) => q.text),
    ).toEqual(['Are you safe?']);
  });

  it('does not take a clause ending in a verb-like noun for a speaker', () => {
    expect(
      direct(
        'The site rated the chief’s remarks “pants on fire,” compared to 11% of Democratic claims.',
      ),
    ).toEqual([]);
  });

  it('gives the second verb of a coordination the subject of the sentence', () => {
    expect(
      direct(
        'Mayor Ann Lee urged the crowd to leave the plaza and said the response was “slower than anyone in this city should accept.”',
      ),
    ).toEqual([{ text: 'slower than anyone in this city should accept.', speaker: 'Ann Lee' }]);
  });

  it('skips a second apposition to reach the name', () => {
    expect(
      direct(
        'Jo Roe, the union’s treasurer, a former patrol officer, said the agents “never called for backup.”',
      ),
    ).toEqual([{ text: 'never called for backup.', speaker: 'Jo Roe' }]);
  });
});
