import fastify from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { addressBucket, clientIp, trustedProxies, warnUntrustedForwarding } from './client-ip.js';
import { logger, setLogger } from './logger.js';

/** A server answering each request with the address clientIp sees; inject's peer is 127.0.0.1. */
async function seen(trustProxy: number | string | undefined, forwardedFor: string) {
  const app = fastify(trustProxy === undefined ? {} : { trustProxy: trustedProxies(trustProxy) });
  app.get('/', (request, reply) => reply.send(clientIp(request)));
  try {
    const response = await app.inject({
      url: '/',
      headers: { 'x-forwarded-for': forwardedFor },
    });
    return response.body;
  } finally {
    await app.close();
  }
}

describe('client addresses', () => {
  it('with one trusted hop, takes the client address from the one proxy in front', async () => {
    expect(await seen(1, '203.0.113.7')).toBe('203.0.113.7');
    // Only the nearest proxy is believed: an address the client itself put first is not.
    expect(await seen(1, '198.51.100.9, 203.0.113.7')).toBe('203.0.113.7');
    expect(await seen(2, '198.51.100.9, 203.0.113.7')).toBe('198.51.100.9');
  });

  it('with trusted proxy addresses, believes only those', async () => {
    expect(await seen('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await seen('10.0.0.0/8, loopback', '203.0.113.7')).toBe('203.0.113.7');
    expect(await seen('10.0.0.0/8', '203.0.113.7')).toBe('127.0.0.1');
  });

  it('without a trusted proxy, is the peer whatever X-Forwarded-For says', async () => {
    expect(await seen(undefined, '203.0.113.7')).toBe('127.0.0.1');
  });

  it('buckets IPv6 addresses by their /64 and IPv4 addresses by themselves', () => {
    expect(addressBucket('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('unknown')).toBe('unknown');
  });

  describe('untrusted forwarding', () => {
    const previous = logger();
    afterEach(() => setLogger(previous));

    it('warns once, at the first request that came through a proxy', async () => {
      const lines: string[] = [];
      setLogger(pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }));
      const app = fastify();
      app.addHook('onRequest', warnUntrustedForwarding());
      app.get('/', (_request, reply) => reply.send('ok'));
      try {
        expect((await app.inject({ url: '/' })).body).toBe('ok');
        expect(lines).toEqual([]);
        for (let i = 0; i < 2; i++) {
          const response = await app.inject({
            url: '/',
            headers: { 'x-forwarded-for': '203.0.113.7' },
          });
          expect(response.body).toBe('ok');
        }
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('HAVEN_TRUST_PROXY is unset');
      } finally {
        await app.close();
      }
    });
  });
});
