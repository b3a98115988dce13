// What a robots.txt allows (RFC 9309), read with robots-parser. Pure: the body comes in.
import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS (`module.exports = fn`) but its types declare an ES default export,
// which TypeScript reads as `exports.default` under NodeNext; at run time the import is the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** How the robots.txt fetch ended: its body, "none" (4xx: no rules), or "unreachable" (5xx, network). */
export type RobotsFile =
  { status: 'ok'; body: string } | { status: 'none' } | { status: 'unreachable' };

export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay for our user agent, in milliseconds. */
  crawlDelayMs: number | null;
  reason: string;
}

/** The product token of a User-Agent ("newsmon/0.1 (+…)" → "newsmon"), what robots.txt groups name. */
export function robotsAgent(userAgent: string): string {
  return userAgent.split(/[\s/]/)[0] ?? userAgent;
}

export function robotsVerdict(file: RobotsFile, pageUrl: string, userAgent: string): RobotsVerdict {
  // RFC 9309 §2.3.1.3: a 4xx means no rules; an unreachable file means assume complete disallow.
  if (file.status === 'none') return { allowed: true, crawlDelayMs: null, reason: 'no robots.txt' };
  if (file.status === 'unreachable')
    return { allowed: false, crawlDelayMs: null, reason: 'robots.txt unreachable' };
  const origin = new URL(pageUrl).origin;
  const robots = robotsParser(`${origin}/robots.txt`, file.body);
  const agent = robotsAgent(userAgent);
  const delay = robots.getCrawlDelay(agent);
  const allowed = robots.isAllowed(pageUrl, agent) !== false;
  return {
    allowed,
    crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(delay, 60) * 1000 : null,
    reason: allowed
      ? 'allowed by robots.txt'
      : `disallowed by robots.txt line ${robots.getMatchingLineNumber(pageUrl, agent)}`,
  };
}
