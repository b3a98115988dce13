import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { compileStory, scoreRelevance } from '../../src/relevance/relevance-score.js';

const matcher = compileStory(loadConfig({}).story);
const score = (text: string, title: string | null = null, publishedAt: string | null = null) =>
  scoreRelevance({ title, text, publishedAt }, matcher);

describe('scoreRelevance', () => {
  it.each([
    [
      'the story itself',
      'Chicago police were ordered not to assist ICE agents in Brighton Park, the FOP said. The Chicago Police Department said officers did respond when Border Patrol agents called for help. Mayor Brandon Johnson defended the city’s sanctuary rules.',
      true,
    ],
    [
      'closely related reporting on the same actors',
      'Federal agents shot a woman in Brighton Park on Saturday, and Chicago police blocked off the scene as protesters gathered. DHS said Border Patrol agents were rammed by a vehicle.',
      true,
    ],
    [
      'an article that merely shares the word Chicago',
      'The Chicago Park District opened a new lakefront trail on Saturday. Cyclists and runners welcomed the two-mile segment.',
      false,
    ],
    [
      'immigration news from another city',
      'ICE agents arrested dozens of people in Portland, Oregon, where a judge blocked the deployment of the National Guard.',
      false,
    ],
    [
      'ICE as the name of a train',
      'The ICE train from Frankfurt to Chicago-themed exhibition in Berlin ran late; Deutsche Bahn said its ICE trains would run on time again after the rail strike. Illinois tourists were among the passengers.',
      false,
    ],
  ])('judges %s', (_name, text, relevant) => {
    expect(score(text).relevant).toBe(relevant);
  });

  it('explains which terms of which groups it found', () => {
    const r = score(
      'Chicago Police Department officers and ICE agents clashed in Chicago.',
      'CPD and ICE',
    );
    expect(r.why).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^immigration: ICE ×\d/),
        expect.stringMatching(/^chicago: .*Chicago Police Department ×1/),
        'title: CPD, ICE',
      ]),
    );
  });

  it('says which terms open the article (the lead) apart from the rest', () => {
    const r = score(
      'ICE agents and Chicago police met in Brighton Park on Saturday, officials said on Sunday.\n\nLater the FOP spoke.',
    );
    expect(r.why).toContain('lead: ICE, Chicago Police, Brighton Park');
  });

  it('does not count ICE in a transit-funding story', () => {
    const r = score(
      'Chicago lawmakers debated ICE transit funding for the CTA and Metra. The RTA said ICE funding keeps fares flat in Illinois.',
    );
    expect(r.why.join(' ')).not.toMatch(/\bICE ×/);
    expect(r.relevant).toBe(false);
  });

  it('counts the longest alias once, not its parts again', () => {
    const r = score('The Chicago Police Department said nothing about ICE.');
    expect(r.why.find((w) => w.startsWith('chicago:'))).toBe(
      'chicago: Chicago Police Department ×1',
    );
  });

  it('matches acronyms case-sensitively', () => {
    expect(
      score('Black ice on Chicago roads caused crashes near the immigration court.').why.join(' '),
    ).not.toContain('ICE');
  });

  it('says so when an article predates the story window', () => {
    const r = score(
      'Chicago police were ordered not to assist ICE agents, the Chicago Police Department and DHS said.',
      null,
      '2019-09-30T00:00:00Z',
    );
    expect(r.relevant).toBe(false);
    expect(r.why.at(-1)).toMatch(/before the story window/);
  });
});
