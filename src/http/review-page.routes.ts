// The reviewer's page: a static shell (HTML, one ES module, one stylesheet) that talks to the API
// with the bearer token it takes from the URL fragment. The shell holds no data, so it is served
// without a token (a page load cannot send one); everything it shows comes from /api, which needs
// one. Article text is untrusted: the script builds the DOM with textContent only, and the strict
// Content-Security-Policy below refuses inline script, event-handler attributes and foreign
// origins should a bug ever let markup through.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { projectRoot } from '../config.js';
import { errorResponses } from './schemas.js';

/** The page's files, read from the source tree (the build does not copy non-TypeScript files). */
export function reviewPageDir(): string {
  return path.join(projectRoot(), 'src', 'http', 'review-page');
}

/** The page's routes: fixed names, so no request path ever reaches the file system. */
const ASSETS = [
  { url: '/', file: 'index.html', type: 'text/html', summary: 'The review page (HTML shell)' },
  {
    url: '/assets/review-page.js',
    file: 'review-page.js',
    type: 'text/javascript',
    summary: 'The review page’s script (an ES module)',
  },
  {
    url: '/assets/review-page.css',
    file: 'review-page.css',
    type: 'text/css',
    summary: 'The review page’s stylesheet',
  },
  // Browsers ask for it on every page of this origin, the queue dashboard's included.
  { url: '/favicon.ico', file: 'favicon.ico', type: 'image/x-icon', summary: 'The icon' },
] as const;

/**
 * Script and style from this origin only, no inline script or handler attributes, no plugins,
 * frames or forms posting elsewhere, fetches to this origin only. Trusted Types forbid string
 * HTML sinks (innerHTML and friends) outright, so markup in article text can never become DOM.
 */
export const REVIEW_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export interface ReviewPageOptions {
  /** Where the files are; the source tree by default. */
  dir?: string;
}

export function registerReviewPageRoutes(
  app: FastifyInstance,
  options: ReviewPageOptions = {},
): void {
  const dir = options.dir ?? reviewPageDir();

  // Every response, API JSON included: never let a browser sniff a body into another type.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
  });

  for (const asset of ASSETS) {
    let body: Buffer | null = null;
    try {
      body = readFileSync(path.join(dir, asset.file));
    } catch (err) {
      // A deployment without the page still serves the API; the page says what is missing.
      app.log.warn({ err, dir }, 'review page: asset missing');
    }
    const schema = {
      summary: asset.summary,
      description: 'Static, open: it holds no data; the page calls /api with the bearer token.',
      tags: ['review page'],
      response: {
        200: {
          description: asset.file,
          content: { [asset.type]: { schema: { type: 'string' } } },
        },
        ...errorResponses,
      },
    };
    app.get(asset.url, { config: { access: 'open' }, schema }, (_req, reply) =>
      body
        ? sendAsset(
            reply,
            asset.type.startsWith('image/') ? asset.type : `${asset.type}; charset=utf-8`,
            body,
          )
        : missing(reply, asset.file, dir),
    );
  }
}

function sendAsset(reply: FastifyReply, type: string, body: Buffer): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-security-policy', REVIEW_PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache')
    .send(body);
}

function missing(reply: FastifyReply, file: string, dir: string): FastifyReply {
  return reply
    .status(404)
    .send({ code: 'NOT_FOUND', message: `http: review page file ${file} not found in ${dir}` });
}
