// Inbound alerts: services push article URLs, which are registered and queued exactly as
// POST /api/ingest does (one canonical URL, one article, one fetch job), so an alert repeated or
// racing a feed that lists the same page does nothing new.
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { WebhooksConfig } from '../config.js';
import type { ArticleOrigin } from '../domain/article-record.js';
import { NewsmonError } from '../errors.js';
import { plausibleDate } from '../feeds/entry-date.js';
import { canonicalUrl } from '../feeds/url-canonical.js';
import type { JobQueues } from '../jobs/job-queues.js';
import { passesPrefilter } from '../relevance/entry-prefilter.js';
import type { StoryMatcher } from '../relevance/relevance-score.js';
import type { ArticleStore } from '../store/article.store.js';
import type { WebhookStore } from '../store/webhook.store.js';
import {
  alertItemsFromJson,
  alertItemsFromText,
  looksLikeJson,
  parseJsonBody,
  type AlertItem,
} from '../webhooks/alert-payload.js';
import { checkAlertUrl } from '../webhooks/alert-url.js';
import { minifluxItems, verifyMinifluxSignature } from '../webhooks/miniflux-webhook.js';
import {
  single,
  TIMESTAMP_TOLERANCE_SECONDS,
  verifyStandardWebhook,
} from '../webhooks/standard-webhook.js';
import { alertIntakeResponse, errorResponses, skippedResponse } from './schemas.js';
import { tokenMatcher } from './token-match.js';

export interface WebhookRouteDeps {
  config: WebhooksConfig;
  /** fetch.allow: the addresses alerts may point at although they are not public. */
  fetchAllow: readonly string[];
  story: StoryMatcher;
  articles: ArticleStore;
  queues: JobQueues;
  webhooks: WebhookStore;
  now: () => Date;
}

export interface AlertIntake {
  /** URLs that made a new article. */
  accepted: number;
  /** URLs of articles already known (from a feed, an ingest, an earlier alert or this one). */
  duplicates: number;
  /** Miniflux entries that name nothing of the story, as the feed pre-filter drops them. */
  filtered: number;
  articles: { articleId: string; url: string; created: boolean; jobId: string }[];
  /** URLs refused while others in the same message were taken. */
  refused: { url: string; code: string; message: string }[];
}

// A message may arrive up to 5 minutes late or early, so its id must be remembered for at least
// the 10 minutes in which it could still pass the timestamp check.
const REPLAY_TTL_SECONDS = 2 * TIMESTAMP_TOLERANCE_SECONDS + 300;

type Source = 'standard' | 'miniflux' | 'token';

/** Registered as its own plugin: the raw-body parser must not reach the JSON API's routes. */
export const webhookRoutes: FastifyPluginCallback<WebhookRouteDeps> = (app, deps, done) => {
  // Signatures are over the exact bytes sent, so no route here may see a re-serialised body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const matchPathToken = tokenMatcher(deps.config.tokens);
  const policy = { allow: deps.fetchAllow };

  // Counted before any secret is checked, so guessing one costs the guesser the window.
  const limit =
    (source: Source) =>
    async (req: FastifyRequest): Promise<void> => {
      const { max, windowSeconds } = deps.config.rateLimit;
      const { count, resetMs } = await deps.webhooks.hit(source, req.ip, windowSeconds);
      if (count > max) {
        throw new NewsmonError('RATE_LIMITED', `${max} per ${windowSeconds} s for ${source}`, {
          retryAt: deps.now().getTime() + resetMs,
        });
      }
    };

  const intake = async (
    items: AlertItem[],
    origin: ArticleOrigin,
    filtered = 0,
  ): Promise<AlertIntake> => {
    if (items.length === 0 && filtered === 0) {
      throw new NewsmonError('WEBHOOK_NO_URL', 'send {"url"}, {"urls"} or {"items"}');
    }
    if (items.length > deps.config.maxUrls) {
      throw new NewsmonError('WEBHOOK_TOO_MANY_URLS', String(deps.config.maxUrls));
    }
    const good: { url: string; hints: AlertItem['hints'] }[] = [];
    const refusals: NewsmonError[] = [];
    const refused: AlertIntake['refused'] = [];
    for (const item of items) {
      try {
        const url = checkAlertUrl(item.url, policy).toString();
        const hints = item.hints && {
          ...item.hints,
          publishedAt: plausibleDate(item.hints.publishedAt, deps.now()),
        };
        good.push({ url, hints });
      } catch (err) {
        if (!(err instanceof NewsmonError)) throw err;
        refusals.push(err);
        refused.push({ url: item.url.slice(0, 300), ...err.toJSON() });
      }
    }
    // Nothing usable: the sender hears why, with the status of the first refusal.
    if (good.length === 0 && refusals[0]) throw refusals[0];

    const result: AlertIntake = { accepted: 0, duplicates: 0, filtered, articles: [], refused };
    const seen = new Set<string>();
    for (const { url, hints } of good) {
      const canonical = canonicalUrl(url);
      const articleId = await deps.articles.resolveId(canonical);
      if (seen.has(articleId)) {
        result.duplicates++;
        continue;
      }
      seen.add(articleId);
      const created = await deps.articles.register(
        articleId,
        url,
        canonical,
        origin,
        hints,
        deps.now(),
      );
      const jobId = await deps.queues.add('article.fetch', { articleId, url, origin, hints });
      if (created) result.accepted++;
      else result.duplicates++;
      result.articles.push({ articleId, url, created, jobId });
    }
    return result;
  };

  app.post(
    '/webhooks/alerts',
    {
      config: { access: 'webhook' },
      schema: webhookDoc('Alert URLs signed with Standard Webhooks (webhooks.alerts.secret)'),
      bodyLimit: deps.config.bodyLimitBytes,
      onRequest: limit('standard'),
    },
    async (req, reply) => {
      const secret = deps.config.alerts.secret;
      if (!secret) {
        throw new NewsmonError(
          'WEBHOOK_NOT_CONFIGURED',
          'signed alerts are off: set webhooks.alerts.secret or NEWSMON_WEBHOOK_SECRET',
        );
      }
      const raw = rawBody(req);
      const { id } = verifyStandardWebhook(secret, raw, req.headers, deps.now());
      if (await deps.webhooks.seen('standard', id)) {
        throw new NewsmonError('WEBHOOK_REPLAYED', `webhook-id ${id.slice(0, 100)}`);
      }
      const items = alertItemsFromJson(parseJsonBody(raw));
      const result = await intake(items, { kind: 'alert', source: 'standard' });
      // Only now: a failure above lets the sender's retry of this id through.
      await deps.webhooks.markSeen('standard', id, REPLAY_TTL_SECONDS);
      return accepted(reply, result);
    },
  );

  app.post(
    '/webhooks/miniflux',
    {
      config: { access: 'webhook' },
      schema: webhookDoc('Miniflux new_entries events (webhooks.miniflux.secret)', true),
      bodyLimit: deps.config.miniflux.bodyLimitBytes,
      onRequest: limit('miniflux'),
    },
    async (req, reply) => {
      const secret = deps.config.miniflux.secret;
      if (!secret) {
        throw new NewsmonError(
          'WEBHOOK_NOT_CONFIGURED',
          'Miniflux alerts are off: set webhooks.miniflux.secret or NEWSMON_MINIFLUX_SECRET',
        );
      }
      const raw = rawBody(req);
      verifyMinifluxSignature(secret, raw, single(req.headers['x-miniflux-signature']));
      const body = parseJsonBody(raw);
      const event =
        single(req.headers['x-miniflux-event-type']) ??
        (typeof body === 'object' && body !== null && 'event_type' in body
          ? String(body.event_type)
          : undefined);
      if (event !== 'new_entries') {
        return reply.status(200).send({
          status: 'skipped',
          reason: `Miniflux event ${event ?? '(none)'} is not handled`,
        });
      }
      // Miniflux forwards whole feeds, so its entries meet the same pre-filter as polled ones.
      const entries = minifluxItems(body);
      const relevant = entries.filter((e) =>
        passesPrefilter(
          { title: e.hints?.title ?? null, summary: e.hints?.summary ?? null },
          deps.story,
        ),
      );
      const origin = { kind: 'alert' as const, source: 'miniflux' };
      return accepted(reply, await intake(relevant, origin, entries.length - relevant.length));
    },
  );

  app.post<{ Params: { token: string } }>(
    '/webhooks/alerts/:token',
    {
      config: { access: 'webhook' },
      schema: webhookDoc('Alert URLs for services that cannot sign: the path token is the secret'),
      bodyLimit: deps.config.bodyLimitBytes,
      onRequest: limit('token'),
    },
    async (req, reply) => {
      if (deps.config.tokens.length === 0) {
        throw new NewsmonError(
          'WEBHOOK_NOT_CONFIGURED',
          'token alerts are off: add webhooks.tokens [{name, token}]',
        );
      }
      const name = matchPathToken(req.params.token);
      if (!name) throw new NewsmonError('WEBHOOK_TOKEN_INVALID', 'POST /webhooks/alerts/<token>');
      const raw = rawBody(req);
      const text = raw.toString('utf8');
      // Some automation tools send JSON labelled text/plain; a real list of URLs never starts
      // with { or [.
      const items =
        /^text\/plain\b/i.test(req.headers['content-type'] ?? '') && !looksLikeJson(text)
          ? alertItemsFromText(text)
          : alertItemsFromJson(parseJsonBody(raw));
      return accepted(reply, await intake(items, { kind: 'alert', source: `token:${name}` }));
    },
  );
  done();
};

/** The docs and response schemas of a webhook route (the body is read raw, so not described). */
function webhookDoc(summary: string, skips = false) {
  return {
    summary,
    tags: ['webhooks'],
    response: {
      202: alertIntakeResponse,
      ...(skips ? { 200: skippedResponse } : {}),
      ...errorResponses,
    },
  };
}

function rawBody(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function accepted(reply: FastifyReply, result: AlertIntake): FastifyReply {
  return reply.status(202).send(result);
}
