import { isIPv6 } from 'node:net';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { logger } from './logger.js';

/** The caller's address (honours the trusted proxies when set behind a load balancer). */
export function clientIp(request: FastifyRequest): string {
  return (request.ip ?? request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

/**
 * Fastify's `trustProxy` for `HAVEN_TRUST_PROXY`, read as Express read its `trust proxy`: a number
 * trusts that many hops nearest the server (Fastify's own number option counts differently), a
 * string is addresses or subnets separated by commas (both use proxy-addr's rule for those).
 */
export function trustedProxies(
  setting: number | string,
): string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * The unit a client address is throttled by. An IPv6 host is usually given a whole /64, so a guesser
 * could take a fresh address for every try: IPv6 addresses count by their /64 prefix, IPv4 ones
 * (and anything unparsable) as they are.
 */
export function addressBucket(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros (an embedded IPv4 tail is converted). */
function expandIPv6(address: string): string[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text =
      text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * Without `HAVEN_TRUST_PROXY`, a request that came through a proxy shows the proxy's address: every
 * client then shares one throttle budget and the audit trail names the proxy. Said once per process,
 * when the first such request arrives.
 */
export function warnUntrustedForwarding(): onRequestHookHandler {
  let warned = false;
  return (request, _reply, done) => {
    if (!warned && request.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger().warn(
        'requests carry X-Forwarded-For but HAVEN_TRUST_PROXY is unset: every client looks like the proxy to the login throttle and the audit trail; set HAVEN_TRUST_PROXY to the number of proxies in front of Haven (usually 1)',
      );
    }
    done();
  };
}
