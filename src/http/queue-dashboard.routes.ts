// The BullMQ dashboard (bull-board) at /admin/queues, served entirely from this origin. Its page
// asks Google Fonts for IBM Plex; newsmon serves the same fonts from @fontsource instead, and a
// Content-Security-Policy forbids loading anything from another origin, so opening the dashboard
// tells no third party who is looking at it, and works offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUEUE_NAMES } from '../jobs/job-registry.js';
import type { JobQueues } from '../jobs/job-queues.js';

export const ADMIN_QUEUES = '/admin/queues';
type BoardOptions = Parameters<typeof createBullBoard>[0];

/**
 * Everything from this origin. bull-board's HTML and React components set inline styles, hence
 * style-src 'unsafe-inline' (styles cannot run code); scripts stay 'self' only. Its config rides
 * in a `<script type="application/json">`, which is data, never run, so CSP does not apply.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The weights bull-board asks Google Fonts for (IBM Plex Sans 400/500/600, Mono 400/500). */
const FONT_FILES = [
  ['@fontsource/ibm-plex-sans', ['400', '500', '600']],
  ['@fontsource/ibm-plex-mono', ['400', '500']],
] as const;
const FONTS_CSS = 'fonts/fonts.css';
const GOOGLE_FONTS_LINK = /<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>/g;

/** The fonts' stylesheet (paths rewritten to fonts/<file>) and the files it names. */
function localFonts(): { css: string; files: Map<string, string> } {
  const require = createRequire(import.meta.url);
  const files = new Map<string, string>();
  const parts: string[] = [];
  for (const [pkg, weights] of FONT_FILES) {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    for (const weight of weights) {
      const css = readFileSync(path.join(dir, `${weight}.css`), 'utf8');
      parts.push(
        css.replace(/url\(\.\/files\/([\w.-]+)\)/g, (_, file: string) => {
          files.set(file, path.join(dir, 'files', file));
          return `url(${file})`;
        }),
      );
    }
  }
  return { css: parts.join('\n'), files };
}

/** bull-board over every queue. Its routes get the `session` access rule from auth's prefixes. */
export async function registerQueueDashboard(
  app: FastifyInstance,
  queues: JobQueues,
): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_QUEUES);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queues.queue(name))),
    // @bull-board/fastify pins its own copy of @bull-board/api (one patch release apart): the
    // same class at run time, two declarations to TypeScript.
    serverAdapter: serverAdapter as unknown as BoardOptions['serverAdapter'],
    options: { uiConfig: { boardTitle: 'newsmon queues' } },
  });
  const fonts = localFonts();
  await app.register(
    async (scope) => {
      scope.addHook('onSend', async (_req: FastifyRequest, reply: FastifyReply, payload) => {
        // The sign-in page auth answers with sets a stricter one of its own.
        if (!reply.hasHeader('content-security-policy'))
          reply.header('content-security-policy', DASHBOARD_CSP);
        reply.header('referrer-policy', 'no-referrer');
        const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
        if (!html || typeof payload !== 'string') return payload;
        // bull-board's page asks Google Fonts; this origin serves the same fonts (<base> is
        // /admin/queues/, so the relative path lands on the route below).
        return payload.replace(GOOGLE_FONTS_LINK, `<link href="${FONTS_CSS}" rel="stylesheet">`);
      });
      scope.get(`/${FONTS_CSS}`, { schema: { hide: true } }, (_req, reply) =>
        reply
          .type('text/css; charset=utf-8')
          .header('cache-control', 'max-age=86400')
          .send(fonts.css),
      );
      // Only the files the stylesheet names: no request path reaches the file system.
      scope.get<{ Params: { file: string } }>(
        '/fonts/:file',
        { schema: { hide: true } },
        (req, reply) => {
          const file = fonts.files.get(req.params.file);
          if (!file) return reply.callNotFound();
          const type = file.endsWith('.woff2') ? 'font/woff2' : 'font/woff';
          return reply.type(type).header('cache-control', 'max-age=86400').send(readFileSync(file));
        },
      );
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: ADMIN_QUEUES },
  );
}
