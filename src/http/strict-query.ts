// Unknown query parameters are refused, not ignored: a misspelt filter (`?verdic=new`) on an
// export would otherwise export everything. Fastify's Ajv removes the properties a schema does not
// name (removeAdditional), so `additionalProperties: false` alone drops them without a word.
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { NewsmonError } from '../errors.js';

/** Must be registered before the routes: each route under `prefix` takes only the parameters its
 * querystring schema names, and none when it has no such schema. */
export function registerStrictQuery(app: FastifyInstance, prefix: string): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    const schema = route.schema?.querystring as
      { properties?: Record<string, unknown> } | undefined;
    const known = Object.keys(schema?.properties ?? {});
    const refuseUnknown: preValidationHookHandler = (req, _reply, done) => {
      const unknown = Object.keys(req.query as Record<string, unknown>).filter(
        (name) => !known.includes(name),
      );
      if (unknown.length === 0) return done();
      const takes = known.length > 0 ? `takes ${known.join(', ')}` : 'takes no query parameters';
      done(
        new NewsmonError(
          'INPUT_INVALID',
          `unknown query parameter ${unknown.join(', ')}: ${route.url} ${takes}`,
        ),
      );
    };
    const hooks = route.preValidation;
    route.preValidation = [...(Array.isArray(hooks) ? hooks : hooks ? [hooks] : []), refuseUnknown];
  });
}
