// A small WebSub hub on 127.0.0.1 that follows the W3C Recommendation (§5 subscribing, §7 and
// §8 distribution), for tests: it takes subscribe and unsubscribe requests (form-encoded POST),
// answers 202 and then verifies the subscriber's intent with a GET to the callback carrying
// hub.mode, hub.topic, hub.challenge and hub.lease_seconds, and counts the subscription only if
// the callback echoes the challenge with a 2xx. It distributes content with X-Hub-Signature
// made with the subscriber's hub.secret, and can be told to sign with another algorithm, sign
// wrongly or not sign; to redirect (307/308), deny, verify a different topic, or grant a lease.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SignMode = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'wrong' | 'none';

export interface HubRequest {
  path: string;
  mode: string;
  topic: string;
  callback: string;
  secret: string | null;
  leaseSeconds: number | null;
}

export interface HubVerification {
  mode: 'subscribe' | 'unsubscribe' | 'denied';
  topic: string;
  callback: string;
  status: number;
  /** The callback echoed the challenge with a 2xx (always false for a denial). */
  confirmed: boolean;
}

export interface HubSubscription {
  topic: string;
  callback: string;
  secret: string | null;
  leaseSeconds: number;
  expiresAt: number;
}

export interface HubBehaviour {
  /** The lease granted; default the one asked for, else 3600 s. */
  leaseSeconds?: number;
  /** Deny subscriptions (§5.2) instead of verifying them. */
  deny?: boolean;
  /** The topic sent in the verification: a hub verifying something else (websub.rocks 205). */
  verifyTopic?: (topic: string) => string;
  /** Milliseconds between the 202 answer and the verification. */
  verifyDelayMs?: number;
}

export interface TestHub {
  origin: string;
  /** The hub's URL; `${origin}/hub-307` and `/hub-308` redirect to it, `/wrong-hub` refuses. */
  url: string;
  behaviour: HubBehaviour;
  requests: HubRequest[];
  verifications: HubVerification[];
  subscriptions: Map<string, HubSubscription>;
  /** Waits until every verification started so far is over. */
  idle(): Promise<void>;
  /** Distributes a new version of the topic to its subscribers; their status codes. */
  publish(
    topic: string,
    body: string,
    opts?: { contentType?: string; sign?: SignMode },
  ): Promise<{ callback: string; status: number }[]>;
  close(): Promise<void>;
}

export async function startTestHub(behaviour: HubBehaviour = {}): Promise<TestHub> {
  const requests: HubRequest[] = [];
  const verifications: HubVerification[] = [];
  const subscriptions = new Map<string, HubSubscription>();
  const running = new Set<Promise<void>>();
  const key = (topic: string, callback: string) => `${topic} ${callback}`;

  const verify = async (req: HubRequest): Promise<void> => {
    const b = hub.behaviour;
    if (b.verifyDelayMs) await new Promise((r) => setTimeout(r, b.verifyDelayMs));
    const url = new URL(req.callback);
    if (req.mode === 'subscribe' && b.deny) {
      url.searchParams.set('hub.mode', 'denied');
      url.searchParams.set('hub.topic', req.topic);
      url.searchParams.set('hub.reason', 'not allowed in this test');
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      verifications.push({ ...pick(req), mode: 'denied', status: res.status, confirmed: false });
      return;
    }
    const challenge = randomBytes(12).toString('hex');
    const lease = b.leaseSeconds ?? req.leaseSeconds ?? 3600;
    url.searchParams.set('hub.mode', req.mode);
    url.searchParams.set('hub.topic', b.verifyTopic ? b.verifyTopic(req.topic) : req.topic);
    url.searchParams.set('hub.challenge', challenge);
    if (req.mode === 'subscribe') url.searchParams.set('hub.lease_seconds', String(lease));
    const res = await fetch(url, { redirect: 'manual' });
    const text = await res.text();
    const confirmed = res.status >= 200 && res.status < 300 && text === challenge;
    verifications.push({
      mode: req.mode as 'subscribe' | 'unsubscribe',
      topic: req.topic,
      callback: req.callback,
      status: res.status,
      confirmed,
    });
    if (!confirmed) return;
    if (req.mode === 'subscribe') {
      subscriptions.set(key(req.topic, req.callback), {
        topic: req.topic,
        callback: req.callback,
        secret: req.secret,
        leaseSeconds: lease,
        expiresAt: Date.now() + lease * 1000,
      });
    } else subscriptions.delete(key(req.topic, req.callback));
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (path === '/hub-307' || path === '/hub-308') {
        const status = path === '/hub-307' ? 307 : 308;
        return void res.writeHead(status, { location: '/hub' }).end();
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const lease = form.get('hub.lease_seconds');
      const request: HubRequest = {
        path,
        mode: form.get('hub.mode') ?? '',
        topic: form.get('hub.topic') ?? '',
        callback: form.get('hub.callback') ?? '',
        secret: form.get('hub.secret'),
        leaseSeconds: lease ? Number(lease) : null,
      };
      requests.push(request);
      if (path === '/wrong-hub') return void res.writeHead(400).end('wrong hub');
      if (path !== '/hub') return void res.writeHead(404).end();
      const valid =
        (request.mode === 'subscribe' || request.mode === 'unsubscribe') &&
        isHttpUrl(request.callback) &&
        isHttpUrl(request.topic) &&
        (request.secret === null || Buffer.byteLength(request.secret) < 200);
      if (!valid) return void res.writeHead(400).end('bad request');
      // §5.1.1: 202 Accepted, then the verification, asynchronously.
      res.writeHead(202).end();
      const p = verify(request)
        .catch(() => undefined)
        .finally(() => running.delete(p));
      running.add(p);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const hub: TestHub = {
    origin,
    url: `${origin}/hub`,
    behaviour,
    requests,
    verifications,
    subscriptions,
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async publish(topic, body, opts = {}) {
      const out: { callback: string; status: number }[] = [];
      for (const sub of subscriptions.values()) {
        if (sub.topic !== topic) continue;
        const headers: Record<string, string> = {
          'content-type': opts.contentType ?? 'application/rss+xml',
          link: `<${hub.url}>; rel="hub", <${topic}>; rel="self"`,
        };
        const sign = opts.sign ?? 'sha256';
        if (sub.secret !== null && sign !== 'none') {
          const alg = sign === 'wrong' ? 'sha256' : sign;
          const key = sign === 'wrong' ? `${sub.secret}-not` : sub.secret;
          headers['x-hub-signature'] = `${alg}=${createHmac(alg, key).update(body).digest('hex')}`;
        }
        const res = await fetch(sub.callback, { method: 'POST', headers, body });
        await res.arrayBuffer();
        out.push({ callback: sub.callback, status: res.status });
      }
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return hub;
}

function pick(req: HubRequest): { topic: string; callback: string } {
  return { topic: req.topic, callback: req.callback };
}

function isHttpUrl(v: string): boolean {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
}
