// The WebSub callback, /websub/<subscription id>: the hub's intent verification (GET) and its
// content distribution (POST). Open to hubs without a bearer token: a verification is answered
// only for the request newsmon has pending, and a delivery is taken only with a valid signature
// made with the subscription's own secret. The subscriptions are listed at GET /api/websub.
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { WebSubConfig } from '../config.js';
import { NewsmonError } from '../errors.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { RETIRED_TTL_SECONDS } from '../pipeline/websub-subscribe.js';
import { viewOf, type WebSubStore } from '../store/websub.store.js';
import { parseHubCallback, renewalTime, websubActive } from '../websub/callback-params.js';
import { verifyHubSignature } from '../websub/signature.js';

export interface WebSubRouteDeps {
  config: WebSubConfig;
  /** Absent: the app was built without WebSub (its callbacks answer 404). */
  websub: WebSubStore | undefined;
  queues: JobQueues;
  now: () => Date;
}

const error = {
  type: 'object',
  description: 'An error: a stable code (src/errors.ts) and a message',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} as const;
const errors = { '4xx': error, '5xx': error } as const;
const num = { type: ['number', 'null'] } as const;
const subscriptionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    feedId: { type: 'string' },
    topic: { type: 'string' },
    hub: { type: 'string' },
    state: { type: 'string', enum: ['pending', 'active', 'unsubscribed', 'denied'] },
    pendingMode: { type: ['string', 'null'], enum: ['subscribe', 'unsubscribe', null] },
    requestedAt: num,
    leaseSeconds: num,
    expiresAt: num,
    renewAt: num,
    verifiedAt: num,
    createdAt: { type: 'number' },
    lastError: { ...error, type: ['object', 'null'] },
    deliveries: { type: 'integer' },
    ignored: { type: 'integer' },
    lastDeliveryAt: num,
    lastIgnoredReason: { type: ['string', 'null'] },
  },
} as const;

/** Registered as its own plugin: the raw-body parser must not reach the JSON API's routes. */
export const websubRoutes: FastifyPluginCallback<WebSubRouteDeps> = (app, deps, done) => {
  // Signatures are over the exact bytes the hub sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const store = (): WebSubStore => {
    if (!deps.websub || !websubActive(deps.config)) {
      throw new NewsmonError('WEBSUB_NOT_CONFIGURED', 'set websub.callbackBase');
    }
    return deps.websub;
  };

  app.get(
    '/api/websub',
    {
      schema: {
        summary: 'WebSub subscriptions (never their secrets); times are epoch ms',
        tags: ['websub'],
        response: {
          200: {
            type: 'object',
            properties: {
              enabled: { type: 'boolean' },
              subscriptions: { type: 'array', items: subscriptionSchema },
            },
          },
          ...errors,
        },
      },
    },
    async () => {
      const subs = deps.websub ? await deps.websub.list() : [];
      return { enabled: websubActive(deps.config), subscriptions: subs.map(viewOf) };
    },
  );

  // Intent verification (§5.3) and denial (§5.2).
  app.get<{ Params: { subscriptionId: string }; Querystring: Record<string, unknown> }>(
    '/websub/:subscriptionId',
    // No schema: an id that is not one of ours is a 404 like any unknown subscription.
    {
      config: { access: 'websub' },
      schema: {
        summary:
          "A hub's intent verification or denial: the challenge is echoed for a pending request",
        tags: ['websub'],
        response: {
          200: {
            description: 'hub.challenge echoed (or "ok" to a denial)',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const websub = store();
      const call = parseHubCallback(req.query);
      const id = req.params.subscriptionId;
      const sub = await websub.get(id);
      const notPending = () => new NewsmonError('WEBSUB_NOT_PENDING', call?.mode ?? 'bad request');
      if (!call || !sub || sub.topic !== call.topic) throw notPending();
      const now = deps.now().getTime();

      if (call.mode === 'denied') {
        if (sub.state !== 'pending' && sub.state !== 'active') throw notPending();
        await websub.patch(id, {
          state: 'denied',
          pendingMode: null,
          lastError: { code: 'WEBSUB_DENIED', message: `hub denied: ${call.reason ?? ''}` },
        });
        await websub.retire(sub, RETIRED_TTL_SECONDS);
        req.log.warn({ feedId: sub.feedId, reason: call.reason }, 'websub subscription denied');
        return reply.status(200).type('text/plain').send('ok');
      }
      // Only the very request pending: same mode, same topic (websub.rocks 205).
      if (sub.pendingMode !== call.mode) throw notPending();

      if (call.mode === 'subscribe') {
        const lease = Math.max(1, call.leaseSeconds ?? deps.config.leaseSeconds);
        const renewAt = renewalTime(now, lease, deps.config.renewAt);
        await websub.patch(id, {
          state: 'active',
          pendingMode: null,
          leaseSeconds: lease,
          expiresAt: now + lease * 1000,
          renewAt,
          verifiedAt: now,
          lastError: null,
        });
        await deps.queues.add('websub.renew', { feedId: sub.feedId, due: renewAt });
        req.log.info({ feedId: sub.feedId, lease }, 'websub subscription verified');
      } else {
        await websub.patch(id, { state: 'unsubscribed', pendingMode: null, verifiedAt: now });
        await websub.retire(sub, RETIRED_TTL_SECONDS);
        req.log.info({ feedId: sub.feedId }, 'websub unsubscription verified');
      }
      return reply.status(200).type('text/plain').send(call.challenge);
    },
  );

  // Content distribution (§7, §8).
  app.post<{ Params: { subscriptionId: string } }>(
    '/websub/:subscriptionId',
    {
      config: { access: 'websub' },
      bodyLimit: deps.config.bodyLimitBytes,
      schema: {
        summary: "A hub's content distribution, signed with X-Hub-Signature",
        tags: ['websub'],
        response: {
          202: {
            description: 'taken, or ignored (a signature that does not match): an empty body',
            content: { 'text/plain': { schema: { type: 'string', maxLength: 0 } } },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const websub = store();
      const id = req.params.subscriptionId;
      const sub = await websub.get(id);
      // 410 tells the hub to drop a subscription newsmon no longer has (§8 MAY).
      if (!sub || sub.state !== 'active' || sub.pendingMode === 'unsubscribe') {
        throw new NewsmonError('WEBSUB_SUBSCRIPTION_GONE', id);
      }
      const raw = rawBody(req);
      const check = verifyHubSignature(sub.secret, raw, req.headers['x-hub-signature']);
      if (check.status === 'missing') {
        // Every subscription has a secret, so the hub must sign (websub.rocks 302: refused).
        await websub.countIgnored(id, 'unsigned');
        throw new NewsmonError('WEBSUB_SIGNATURE_MISSING', sub.feedId);
      }
      if (check.status === 'invalid') {
        // §8: a signature that does not match MUST be ignored; the subscriber MAY still answer
        // 2xx, which it does, the same 202 as a good delivery, so a forger learns nothing.
        await websub.countIgnored(id, check.reason);
        req.log.warn({ feedId: sub.feedId, reason: check.reason }, 'websub delivery ignored');
        return reply.status(202).send();
      }
      const body = await websub.putDelivery(raw, deps.config.deliveryTtlSeconds);
      const contentType = req.headers['content-type']?.slice(0, 200) ?? null;
      await deps.queues.add('websub.deliver', { subscriptionId: id, body, contentType });
      await websub.countDelivery(id, deps.now().getTime());
      return reply.status(202).send();
    },
  );
  done();
};

function rawBody(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
