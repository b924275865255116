import type { Request } from 'express';

/** The caller's address as Express sees it (honours `trust proxy` when set behind a load balancer). */
export function clientIp(request: Request): string {
  return (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
