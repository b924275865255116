import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Takes a response over from Fastify for a route that writes the socket itself (a CSV/JSON cursor
 * written with write/drain, a ZIP piped): backpressure and abort are the route's, on the raw
 * response. Fastify writes the headers set with `reply.header()` only when it sends the reply, and
 * never for a hijacked one — so every header set so far (by the onRequest hooks in create-app.ts:
 * the fixed security headers, Cache-Control no-store, X-Request-Id; then by the route) is copied to
 * the raw response here, the hooks staying the one place that decides them. Call it after the
 * last thing that may still fail with a normal JSON error (the audit event), right before the
 * first byte: once hijacked, the error filter can no longer answer.
 */
export function takeOver(reply: FastifyReply): ServerResponse {
  const headers = reply.getHeaders();
  reply.hijack();
  const raw = reply.raw;
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) raw.setHeader(name, value);
  return raw;
}
