// Partial quotes, titles and marks that are not quotes: made-up sentences in the style of the
// Chicago police / ICE coverage, one rule each.
import { describe, expect, it } from 'vitest';

import { findQuotes } from '../../src/claims/quote-find.js';
import { speakerAfter } from '../../src/claims/speaker-find.js';
import { sentenceSubject } from '../../src/claims/speaker-phrase.js';

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

describe('short partial quotes reported as someone’s words', () => {
  it('keeps the words a naming verb puts in quotes, with the subject as speaker', () => {
    expect(direct('Mayor Ann Lee called the federal operation “reckless.”')).toEqual([
      { text: 'reckless.', speaker: 'Ann Lee' },
    ]);
  });

  it('keeps the name given in a relative clause, spoken by its subject', () => {
    expect(
      direct(
        'Residents described the raid, which Alderman Jo Roe called a “disgrace,” as chaotic.',
      ),
    ).toEqual([{ text: 'disgrace,', speaker: 'Jo Roe' }]);
  });

  it('keeps the words a describing verb introduces with “as”', () => {
    expect(direct('Chief Sam Doe described the standoff as “a total mess.”')).toEqual([
      { text: 'a total mess.', speaker: 'Sam Doe' },
    ]);
  });

  it('keeps the words of an accusation introduced with “of” or “for being”', () => {
    expect(direct('The union accused the agency of “stonewalling.”').map((q) => q.text)).toEqual([
      'stonewalling.',
    ]);
    expect(
      direct('In an interview he blasted the agents for being “totally reckless.”').map(
        (q) => q.text,
      ),
    ).toEqual(['totally reckless.']);
  });

  it('keeps the words a comparison likens something to', () => {
    expect(direct('Ann Lee likened the scene to “a war zone.”').map((q) => q.text)).toEqual([
      'a war zone.',
    ]);
  });

  it('keeps words quoted as “the words” or “the phrase”', () => {
    expect(
      direct('Protesters wore shirts printed with the words “ICE out.”').map((q) => q.text),
    ).toEqual(['ICE out.']);
  });

  it('keeps a short quote right after a speech verb, title case or not', () => {
    expect(direct('The crowd marched past the station, chanting “No More Raids!”')).toEqual([
      { text: 'No More Raids!', speaker: 'The crowd' },
    ]);
    expect(direct('Sam Doe said “better training” would fix it.').map((q) => q.text)).toEqual([
      'better training',
    ]);
  });

  it('keeps the following items of a list of quoted words', () => {
    expect(
      direct('Jo Roe called the officers “cowards,” “liars” and “a disgrace.”').map((q) => q.text),
    ).toEqual(['cowards,', 'liars', 'a disgrace.']);
  });

  it('keeps a whole sentence introduced by a colon', () => {
    expect(direct('The chief had a simple message: “Stay home.”').map((q) => q.text)).toEqual([
      'Stay home.',
    ]);
  });

  it('still drops scare quotes with no reporting cue, “so-called” ones and verbs of action', () => {
    expect(direct('The so-called “sanctuary” rules date from 2017.')).toEqual([]);
    expect(direct('Agents say the “rapid response” teams follow them.')).toEqual([]);
    expect(direct('Aldermen asked the chair to call a “special meeting” on Friday.')).toEqual([]);
    expect(direct('He called for “calm” after the shooting, then left.')).toEqual([
      { text: 'calm', speaker: 'He' },
    ]);
    expect(
      direct('She was called a hero by neighbors for hiding “undocumented” families.'),
    ).toEqual([]);
  });
});

describe('headlines', () => {
  it('reads single marks in the headline line as quotation marks', () => {
    expect(
      direct('Alderman Calls Federal Raid ‘Out of Control’\n\nThe raid began at dawn.').map(
        (q) => q.text,
      ),
    ).toEqual(['Out of Control']);
    expect(
      direct("Chief: Officers Were 'Never Told to Stand Down'\n\nThe chief spoke Monday.").map(
        (q) => q.text,
      ),
    ).toEqual(['Never Told to Stand Down']);
  });

  it('keeps apostrophes inside a headline quote and reads no quote in the body’s single marks', () => {
    expect(
      direct('Mayor Says City Won’t ‘Bow to Washington’s Threats’\n\nShe said it was ‘fine’.').map(
        (q) => q.text,
      ),
    ).toEqual(['Bow to Washington’s Threats']);
  });

  it('does not read a contraction such as “It’s” as a possessive before a title', () => {
    expect(
      direct('Ann Lee: Officers Are Tired; It’s ‘Time to Heal.’\n\nShe spoke Monday.').map(
        (q) => q.text,
      ),
    ).toEqual(['Time to Heal.']);
  });

  it('takes a quoted name beginning with “The” in a headline for a nickname', () => {
    expect(
      direct('Trump ‘The Dealmaker’ Meets Chicago Police Union\n\nThe meeting ran late.'),
    ).toEqual([]);
  });
});

describe('terms and sign-offs', () => {
  it('drops a name something is known by, or words nobody in particular is said to use', () => {
    expect(
      direct('The plan, known as the “rapid removal of undocumented residents,” failed.'),
    ).toEqual([]);
    expect(
      direct('Arrests rose under what is being called a “see something, arrest someone” policy.'),
    ).toEqual([]);
  });

  it('reads a quote after a word for a work and a comma as its title, whatever its case', () => {
    expect(
      direct('Jo Roe’s column, “Tell the city what you saw that night,” drew many letters.'),
    ).toEqual([]);
  });

  it('drops a follow-us sign-off set in quotation marks', () => {
    expect(direct('"Follow Jo Roe on Twitter @joroe."')).toEqual([]);
  });

  it('does not continue a list after a long quote', () => {
    expect(
      direct(
        'The agent claimed that “the protesters were throwing rocks at us,” and “chaos” followed.',
      ).map((q) => q.text),
    ).toEqual(['the protesters were throwing rocks at us,']);
  });
});

describe('typos in quotation marks', () => {
  it('reads an opening mark after final punctuation at the end of a paragraph as a closing one', () => {
    expect(
      direct('On July 6, Ann Lee made this comment:\n\n“Every officer answered the call.“').map(
        (q) => q.text,
      ),
    ).toEqual(['Every officer answered the call.']);
  });
});

describe('where a partial quote sits in its sentence', () => {
  it('keeps short quoted words that close a sentence with a speech verb', () => {
    expect(direct('The mayor said the department would respond “without delay.”')).toEqual([
      { text: 'without delay.', speaker: 'The mayor' },
    ]);
  });

  it('drops short quoted words inside a sentence with a speech verb', () => {
    expect(direct('The mayor said the department had “adequate resources” for the march.')).toEqual(
      [],
    );
  });

  it('drops longer quoted words embedded mid-clause, with the sentence running on after them', () => {
    expect(
      direct('The chief said there had been “no contact with federal agents” at the scene.'),
    ).toEqual([]);
  });

  it('keeps longer quoted words that a naming or describing cue sets off mid-clause', () => {
    expect(
      direct('Jo Roe called the order “an attack on our city’s values” in a statement.').map(
        (q) => q.text,
      ),
    ).toEqual(['an attack on our city’s values']);
    expect(
      direct(
        'The union has gone after the mayor as “a friend of nobody in uniform” for months.',
      ).map((q) => q.text),
    ).toEqual(['a friend of nobody in uniform']);
  });

  it('keeps quoted words a speech verb reports right before the marks', () => {
    expect(
      direct('The department reported “three separate incidents” in the district.').map(
        (q) => q.text,
      ),
    ).toEqual(['three separate incidents']);
  });

  it('keeps the words of “as X put it”', () => {
    expect(
      direct('He was seen, as one alderman put it in a letter, “the problem.”').map((q) => q.text),
    ).toEqual(['the problem.']);
  });
});

describe('speakers of partial quotes and colon introductions', () => {
  it('takes the subject after a date opener in a colon introduction', () => {
    expect(
      direct('On July 6, 2015, Ann Lee made the following comment:\n\n“Every officer answered.”'),
    ).toEqual([{ text: 'Every officer answered.', speaker: 'Ann Lee' }]);
  });

  it('reaches the speech verb across a few quoted words inside the reported clause', () => {
    expect(
      direct(
        'Mayor Ann Lee said the shootings demand that residents engage in “more patience” and “more listening.”',
      ),
    ).toEqual([{ text: 'more listening.', speaker: 'Ann Lee' }]);
  });

  it('cuts the subject off an aside set between horizontal bars', () => {
    expect(
      direct(
        'When Lee noted that Doe had not answered ― as was true for weeks ― Doe snapped, “That is my business.”',
      ),
    ).toEqual([{ text: 'That is my business.', speaker: 'Doe' }]);
  });

  it('takes the subject of a verb that reports words by judging with them', () => {
    expect(
      direct(
        'Chief Sam Doe spoke Monday.\n\nA day later in an interview with a local station he blasted the agents for being “totally reckless.”',
      ),
    ).toEqual([{ text: 'totally reckless.', speaker: 'Sam Doe' }]);
  });

  it('does not take the subject of a next sentence that reports a quote of its own', () => {
    expect(speakerAfter(' The union said the order showed “contempt.”', true)).toBeNull();
    expect(speakerAfter(' The union said on Monday.', true)?.phrase).toBe('The union');
  });

  it('reads a cue word after a determiner as a noun, not a speech verb', () => {
    expect(
      direct(
        'However, the union’s lawyer said that was wrong and dismissed those reports as “rumors spread by the agency.”',
      ),
    ).toEqual([{ text: 'rumors spread by the agency.', speaker: 'the union’s lawyer' }]);
  });

  it('reads the subject of a sentence that opens a quoted paragraph', () => {
    expect(sentenceSubject('“Ann Lee walked onto the stage, ')?.phrase).toBe('Ann Lee');
  });
});

describe('capitals throughout', () => {
  it('keeps a message written in capitals, which is no title', () => {
    expect(
      direct(
        'A dispatch message read: “ATTENTION ALL UNITS. DO NOT RESPOND TO THIS CALL.” It was sent at noon.',
      ).map((q) => q.text),
    ).toEqual(['ATTENTION ALL UNITS. DO NOT RESPOND TO THIS CALL.']);
  });

  it('still drops a run of capitalised words that names a work', () => {
    expect(
      direct('The chief recalled “Blue Line: How Cities Win or Lose Their Streets” as a recruit.'),
    ).toEqual([]);
  });
});

describe('attribution after the marks', () => {
  it('does not take the subject of a subordinate clause after the marks for the speaker', () => {
    expect(speakerAfter(' after Ann Lee complained that it was unfair')).toBeNull();
    expect(speakerAfter(' when he said on Monday that it was over')).toBeNull();
    expect(speakerAfter(' Ann Lee complained on Monday.')?.phrase).toBe('Ann Lee');
  });
});
