import { describe, expect, it } from 'vitest';
import { robotsAgent, robotsVerdict, type RobotsFile } from '../../src/fetch/robots-policy.js';

const UA = 'newsmon/0.1 (+https://example.org/newsmon)';
const file = (body: string): RobotsFile => ({ status: 'ok', body });
const NONE: RobotsFile = { status: 'none' };
const UNREACHABLE: RobotsFile = { status: 'unreachable' };

describe('robotsVerdict', () => {
  it.each([
    ['no robots.txt (4xx) allows everything', NONE, 'https://n.test/a', true],
    [
      'an unreachable robots.txt disallows everything (RFC 9309)',
      UNREACHABLE,
      'https://n.test/a',
      false,
    ],
    [
      'a Disallow for every agent',
      file('User-agent: *\nDisallow: /private/'),
      'https://n.test/private/x',
      false,
    ],
    [
      'a path outside the Disallow',
      file('User-agent: *\nDisallow: /private/'),
      'https://n.test/news/x',
      true,
    ],
    [
      'a group for newsmon overriding the * group',
      file('User-agent: *\nDisallow: /\n\nUser-agent: newsmon\nAllow: /'),
      'https://n.test/news/x',
      true,
    ],
    [
      'a group for newsmon that disallows',
      file('User-agent: newsmon\nDisallow: /news/\n\nUser-agent: *\nAllow: /'),
      'https://n.test/news/x',
      false,
    ],
    [
      'a longer Allow winning over a Disallow',
      file('User-agent: *\nDisallow: /news/\nAllow: /news/2025/'),
      'https://n.test/news/2025/x',
      true,
    ],
  ])('%s', (_n, robots, url, allowed) => {
    expect(robotsVerdict(robots, url, UA).allowed).toBe(allowed);
  });

  it('reads Crawl-delay for our agent in milliseconds, capped at a minute', () => {
    expect(
      robotsVerdict(file('User-agent: *\nCrawl-delay: 2'), 'https://n.test/a', UA).crawlDelayMs,
    ).toBe(2000);
    expect(
      robotsVerdict(file('User-agent: *\nCrawl-delay: 3600'), 'https://n.test/a', UA).crawlDelayMs,
    ).toBe(60_000);
    expect(
      robotsVerdict(file('User-agent: *\nDisallow:'), 'https://n.test/a', UA).crawlDelayMs,
    ).toBeNull();
  });

  it('names the robots.txt line that disallows', () => {
    expect(robotsVerdict(file('User-agent: *\nDisallow: /x'), 'https://n.test/x', UA).reason).toBe(
      'disallowed by robots.txt line 2',
    );
  });

  it('matches groups by the product token of the User-Agent', () => {
    expect(robotsAgent(UA)).toBe('newsmon');
  });
});
