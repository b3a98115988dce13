// WebSub subscriptions, one round per websub.renew job: discover the feed's hub (again), then
// subscribe, renew or move to a new hub; unsubscribe when the feed is gone. The hub's intent
// verification arrives later at the callback (src/http/websub.routes.ts), which marks the
// subscription active and schedules the next round at websub.renewAt of the granted lease.
import { randomBytes } from 'node:crypto';
import { describeError, NewsmonError } from '../errors.js';
import { decodeDocument } from '../extract/charset-decode.js';
import {
  assertOk,
  parseFetchUrl,
  redirectTarget,
  type FetchResponse,
} from '../fetch/http-client.js';
import type { Payload, Results } from '../jobs/job-registry.js';
import type { WebSubSubscription } from '../store/websub.store.js';
import { callbackUrl, subscriptionForm, websubActive } from '../websub/callback-params.js';
import { discoverHub } from '../websub/discovery.js';
import type { JobContext, PipelineDeps } from './pipeline-deps.js';

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';
/** An ended subscription is kept this long, so late deliveries and verifications meet it. */
export const RETIRED_TTL_SECONDS = 7 * 86_400;
/** After a hub refused or failed every attempt, the next round is a day later. */
const AFTER_FAILURE_MS = 86_400_000;

export async function renewWebSub(
  deps: PipelineDeps,
  { feedId }: Payload<'websub.renew'>,
  ctx: JobContext,
): Promise<Results['websub.renew']> {
  const cfg = deps.config.websub;
  const now = deps.now().getTime();
  const current = await deps.websub.currentFor(feedId);
  const feed = await deps.feeds.get(feedId);
  const live = (s: WebSubSubscription | null): s is WebSubSubscription =>
    s !== null && (s.state === 'active' || s.state === 'pending');

  if (!feed || !feed.enabled) {
    if (!live(current)) return { status: 'skipped', reason: `feed ${feedId} has no subscription` };
    await unsubscribe(deps, current, ctx);
    return done(feedId, current.id, 'unsubscribe', null);
  }
  if (!websubActive(cfg)) return { status: 'skipped', reason: 'websub is off' };
  if (current?.state === 'active' && current.pendingMode === null && current.renewAt !== null) {
    if (now < current.renewAt) {
      return { status: 'skipped', reason: `not due: renewal at ${iso(current.renewAt)}` };
    }
  }
  if (current?.pendingMode === 'subscribe' && current.requestedAt !== null) {
    const waitUntil = current.requestedAt + cfg.verifyTimeoutSeconds * 1000;
    if (now < waitUntil) return { status: 'skipped', reason: 'verification pending' };
  }

  // Discovery every round: a topic may move to another hub, or stop advertising one.
  const res = await deps.fetch(feed.url, { headers: { accept: FEED_ACCEPT } });
  assertOk(res);
  const contentType = res.headers['content-type'] ?? null;
  const { text } = decodeDocument(res.body, contentType);
  const found = discoverHub(res.headers, text, contentType, res.url);
  const hub = found.hubs[0];
  if (!hub) {
    if (live(current)) await unsubscribe(deps, current, ctx);
    return { status: 'skipped', reason: `no hub advertised by ${feed.url}` };
  }
  // hub.topic is the self URL; without one, where the feed has moved for good, else its URL.
  const topic = found.self ?? res.permanentUrl ?? feed.url;

  let sub = current;
  if (sub && (sub.hub !== hub || sub.topic !== topic || !live(sub))) {
    if (live(sub)) await unsubscribe(deps, sub, ctx);
    else await deps.websub.retire(sub, RETIRED_TTL_SECONDS);
    sub = null;
  }
  if (!sub) {
    sub = newSubscription(feedId, hub, topic, now);
    await deps.websub.create(sub);
  }
  // Recorded before the request: a hub may verify before it even answers it.
  await deps.websub.patch(sub.id, { pendingMode: 'subscribe', requestedAt: now });
  const form = subscriptionForm({
    mode: 'subscribe',
    callback: callbackUrl(cfg.callbackBase!, sub.id),
    topic,
    leaseSeconds: cfg.leaseSeconds,
    secret: sub.secret,
  });
  try {
    await hubRequest(deps, hub, form);
  } catch (err) {
    await deps.websub.patch(sub.id, { pendingMode: null, lastError: describeError(err) });
    const permanent = err instanceof NewsmonError && !err.transient;
    if (!permanent && !ctx.isLastAttempt) throw err;
    ctx.log.warn({ feedId, hub, error: describeError(err) }, 'websub subscription failed');
    return done(feedId, sub.id, 'failed', now + AFTER_FAILURE_MS);
  }
  ctx.log.info({ feedId, hub, topic, subscriptionId: sub.id }, 'websub subscription requested');
  // A check after the verification timeout: a no-op if the hub verified meanwhile.
  return done(feedId, sub.id, 'subscribe', now + cfg.verifyTimeoutSeconds * 1000);
}

/**
 * Asks the hub to end a subscription and stops treating it as the feed's (its callback still
 * answers the hub's verification of the unsubscribe). A hub that cannot be reached is let be:
 * its deliveries meet 410 from now on, which tells it to drop the subscription.
 */
async function unsubscribe(
  deps: PipelineDeps,
  sub: WebSubSubscription,
  ctx: JobContext,
): Promise<void> {
  const now = deps.now().getTime();
  const base = deps.config.websub.callbackBase;
  if (base) {
    await deps.websub.patch(sub.id, { pendingMode: 'unsubscribe', requestedAt: now });
    const form = subscriptionForm({
      mode: 'unsubscribe',
      callback: callbackUrl(base, sub.id),
      topic: sub.topic,
    });
    try {
      await hubRequest(deps, sub.hub, form);
      ctx.log.info({ feedId: sub.feedId, hub: sub.hub }, 'websub unsubscription requested');
    } catch (err) {
      await deps.websub.patch(sub.id, { lastError: describeError(err) });
      ctx.log.warn({ feedId: sub.feedId, error: describeError(err) }, 'websub unsubscribe failed');
    }
  }
  await deps.websub.retire(sub, RETIRED_TTL_SECONDS);
}

/**
 * POSTs a subscription request through the guarded HTTP client. 307 and 308 are followed with
 * the same body (a hub that moved, websub.rocks 203 and 204); the hub answers 202 when it will
 * verify later, any 2xx is taken. 4xx is a refusal, 5xx and 429 a failure worth retrying.
 */
export async function hubRequest(
  deps: PipelineDeps,
  hub: string,
  form: string,
): Promise<FetchResponse> {
  let url = hub;
  for (let hops = 0; ; hops++) {
    const res = await deps.http.post(url, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const location = res.headers.location;
    if ((res.status === 307 || res.status === 308) && location) {
      if (hops >= deps.config.fetch.maxRedirects) {
        throw new NewsmonError('FETCH_TOO_MANY_REDIRECTS', String(deps.config.fetch.maxRedirects));
      }
      url = parseFetchUrl(redirectTarget(res.status, location, url)).toString();
      continue;
    }
    if (res.status >= 200 && res.status < 300) return res;
    const detail = `HTTP ${res.status} from ${url}: ${res.body.toString('utf8', 0, 200)}`;
    if (res.status >= 500 || res.status === 429)
      throw new NewsmonError('WEBSUB_HUB_FAILED', detail);
    throw new NewsmonError('WEBSUB_HUB_REFUSED', detail);
  }
}

/**
 * The rounds to run when the workers start: every feed's (now, or at its renewal time when an
 * active lease has one ahead), and one for each subscription whose feed is gone (unsubscribe).
 */
export async function websubStartRounds(deps: PipelineDeps): Promise<Payload<'websub.renew'>[]> {
  if (!websubActive(deps.config.websub)) return [];
  const now = deps.now().getTime();
  const feeds = await deps.feeds.list();
  const index = await deps.websub.index();
  const rounds: Payload<'websub.renew'>[] = [];
  for (const feed of feeds) {
    const sub = index[feed.id] ? await deps.websub.get(index[feed.id]!) : null;
    const renewAt = sub?.state === 'active' ? sub.renewAt : null;
    rounds.push({ feedId: feed.id, due: renewAt !== null && renewAt > now ? renewAt : now });
  }
  const known = new Set(feeds.map((f) => f.id));
  for (const feedId of Object.keys(index)) {
    if (!known.has(feedId)) rounds.push({ feedId, due: now });
  }
  return rounds;
}

function newSubscription(
  feedId: string,
  hub: string,
  topic: string,
  now: number,
): WebSubSubscription {
  return {
    id: randomBytes(16).toString('hex'),
    feedId,
    topic,
    hub,
    // 32 random bytes; the Recommendation caps hub.secret at 200 bytes.
    secret: randomBytes(32).toString('base64url'),
    state: 'pending',
    pendingMode: null,
    requestedAt: null,
    leaseSeconds: null,
    expiresAt: null,
    renewAt: null,
    verifiedAt: null,
    createdAt: now,
    lastError: null,
    deliveries: 0,
    ignored: 0,
    lastDeliveryAt: null,
    lastIgnoredReason: null,
  };
}

function done(
  feedId: string,
  subscriptionId: string,
  action: string,
  next: number | null,
): Results['websub.renew'] {
  return { status: 'done', feedId, subscriptionId, action, next };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
