// OpenAPI 3 at /docs (Swagger UI) and /docs/json, generated from the routes' own schemas.
// Registered before any route, so that every route is collected.
//
// The docs are open, like /health: they describe the API (paths, parameters, shapes), never its
// data, and a client author should be able to read them before holding a token. Every data
// route they list still needs its token; the "Authorize" button of Swagger UI takes it.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from './auth.js';

export const DOCS_PREFIX = '/docs';

export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'newsmon',
        version,
        description:
          'Watches the news for one developing story and tells a human reviewer what is new. ' +
          'Errors are JSON {"code", "message"} with a stable code.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'an API token (auth.tokens)' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'newsmon_session',
            description: 'the browser session of POST /api/session (/admin/* only)',
          },
        },
      },
      security: [{ bearer: [] }],
    },
    // Each operation says how it is authorised, from the route's own access rule.
    transform: ({ schema, url, route }) => {
      const access = (route.config as { access?: RouteAccess } | undefined)?.access;
      const security: { [scheme: string]: string[] }[] | undefined =
        access === 'open' || access === 'webhook' || access === 'websub'
          ? []
          : access === 'session'
            ? [{ bearer: [] }, { session: [] }]
            : undefined;
      return { schema: security ? { ...schema, security } : schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
