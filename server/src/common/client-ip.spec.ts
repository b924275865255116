import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addressBucket, clientIp } from './client-ip.js';

describe('client addresses', () => {
  it('with one trusted hop, takes the client address from the one proxy in front', async () => {
    const app = express();
    app.set('trust proxy', 1);
    app.get('/', (req, res) => res.send(clientIp(req)));
    const response = await request(app).get('/').set('X-Forwarded-For', '203.0.113.7');
    expect(response.text).toBe('203.0.113.7');
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
});
