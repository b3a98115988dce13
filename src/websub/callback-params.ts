// What a hub sends to a subscriber's callback with GET (W3C WebSub §5.3 intent verification,
// §5.2 denial). Pure: the query in, a typed request or null out. Anything malformed is null,
// which the callback answers with 404, as it does any request it did not ask for.

export type HubCallback =
  | { mode: 'subscribe'; topic: string; challenge: string; leaseSeconds: number | null }
  | { mode: 'unsubscribe'; topic: string; challenge: string }
  | { mode: 'denied'; topic: string; reason: string | null };

/** Hubs pick challenges; a sane bound keeps an echo from being a reflection amplifier. */
export const MAX_CHALLENGE_LENGTH = 1024;
const MAX_TOPIC_LENGTH = 4096;

export function parseHubCallback(query: Record<string, unknown>): HubCallback | null {
  const get = (name: string): string | null => {
    const v = query[name];
    const s: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
    return typeof s === 'string' ? s : null;
  };
  const mode = get('hub.mode');
  const topic = get('hub.topic');
  if (!topic || topic.length > MAX_TOPIC_LENGTH) return null;
  if (mode === 'denied') return { mode, topic, reason: get('hub.reason') };
  if (mode !== 'subscribe' && mode !== 'unsubscribe') return null;
  const challenge = get('hub.challenge');
  if (!challenge || challenge.length > MAX_CHALLENGE_LENGTH) return null;
  if (mode === 'unsubscribe') return { mode, topic, challenge };
  // REQUIRED for subscribe; a hub that leaves it out is taken at the lease we asked for.
  const lease = get('hub.lease_seconds');
  if (lease === null || lease === '') return { mode, topic, challenge, leaseSeconds: null };
  if (!/^\d{1,10}$/.test(lease)) return null;
  return { mode, topic, challenge, leaseSeconds: Number(lease) };
}

/** The form body of a subscription request (§5.1), urlencoded. */
export function subscriptionForm(req: {
  mode: 'subscribe' | 'unsubscribe';
  callback: string;
  topic: string;
  leaseSeconds?: number;
  secret?: string;
}): string {
  const form = new URLSearchParams();
  form.set('hub.callback', req.callback);
  form.set('hub.mode', req.mode);
  form.set('hub.topic', req.topic);
  if (req.mode === 'subscribe') {
    if (req.leaseSeconds !== undefined) form.set('hub.lease_seconds', String(req.leaseSeconds));
    if (req.secret !== undefined) form.set('hub.secret', req.secret);
  }
  return form.toString();
}

/** WebSub runs only when switched on and given the public base URL hubs can call back. */
export function websubActive(config: { enabled: boolean; callbackBase: string | null }): boolean {
  return config.enabled && config.callbackBase !== null;
}

/** <callbackBase>/websub/<id>: one unguessable URL per subscription (§5.1 SHOULD). */
export function callbackUrl(callbackBase: string, subscriptionId: string): string {
  return `${callbackBase.replace(/\/+$/, '')}/websub/${subscriptionId}`;
}

/**
 * When a lease granted at `nowMs` is renewed: at `share` of it, never sooner than a second from
 * now (a hub granting a zero lease must not make newsmon ask again in a loop).
 */
export function renewalTime(nowMs: number, leaseSeconds: number, share: number): number {
  return nowMs + Math.max(1_000, Math.round(leaseSeconds * 1000 * share));
}
