import type { Request } from 'express';

/**
 * `HAVEN_TRUST_PROXY` as Express's `trust proxy` setting: a number of hops (`1`: the one proxy in
 * front), `true`/`false`, or addresses and subnets (`10.0.0.0/8, loopback`). Express reads a string
 * as addresses only, so `"1"` passed through would trust the address 0.0.0.1 — that is, nobody.
 */
export function trustProxySetting(raw: string): number | boolean | string {
  const value = raw.trim();
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/** The caller's address as Express sees it (honours `trust proxy` when set behind a load balancer). */
export function clientIp(request: Request): string {
  return (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
