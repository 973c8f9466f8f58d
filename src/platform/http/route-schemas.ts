import type { RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A write whose body is not a parsed form or JSON, so it has no body schema: a multipart upload (its
     * fields are checked as they stream) or the webhook's raw bytes (checked by signature, then mapped).
     */
    rawBody?: 'multipart' | 'signed';
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a route's declared schemas lack: ids in the path need a params schema, and writes a body schema.
 * Checked for every route as it is registered, so a route without them stops the server starting (and
 * every test with it) instead of reading input unchecked.
 */
export function routeSchemaGaps(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): string[] {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const gaps: string[] = [];
  if (route.url.includes('/:') && !route.schema?.params) gaps.push('params');
  if (methods.some((m) => WRITES.has(m)) && !route.schema?.body && !route.config?.rawBody) gaps.push('body');
  return gaps;
}
