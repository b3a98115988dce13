import { NewsmonError } from '../errors.js';
import { robotsVerdict, type RobotsFile, type RobotsVerdict } from '../fetch/robots-policy.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * Reads a host's robots.txt (cached in Redis for fetch.robots.cacheSeconds, shared by every
 * worker) and judges one page against it.
 */
export async function checkRobots(deps: PipelineDeps, pageUrl: string): Promise<RobotsVerdict> {
  const origin = new URL(pageUrl).origin;
  let file = await deps.robots.get(origin);
  if (!file) {
    file = await fetchRobots(deps, `${origin}/robots.txt`);
    // An unreachable file is retried soon rather than trusted for a day.
    const ttl = file.status === 'unreachable' ? 300 : deps.config.fetch.robots.cacheSeconds;
    await deps.robots.put(origin, file, ttl);
  }
  return robotsVerdict(file, pageUrl, deps.config.fetch.userAgent);
}

async function fetchRobots(deps: PipelineDeps, url: string): Promise<RobotsFile> {
  try {
    const res = await deps.fetch(url, { headers: { accept: 'text/plain' } });
    if (res.status >= 200 && res.status < 300)
      return { status: 'ok', body: res.body.toString('utf8') };
    if (res.status >= 400 && res.status < 500) return { status: 'none' };
    return { status: 'unreachable' };
  } catch (err) {
    // Waiting for the host's turn is not the file being unreachable, and a host the SSRF guard
    // refuses is refused for the page too: say so, rather than ROBOTS_UNAVAILABLE and retries.
    if (err instanceof NewsmonError && err.retryAt !== undefined) throw err;
    if (err instanceof NewsmonError && err.code === 'FETCH_BLOCKED_ADDRESS') throw err;
    return { status: 'unreachable' };
  }
}
