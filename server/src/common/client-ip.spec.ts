import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { clientIp, trustProxySetting } from './client-ip.js';

describe('HAVEN_TRUST_PROXY', () => {
  it('reads hop counts as numbers, true/false as booleans, anything else as addresses', () => {
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting(' 2 ')).toBe(2);
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('10.0.0.0/8, loopback')).toBe('10.0.0.0/8, loopback');
  });

  it('with "1", takes the client address from the one proxy in front', async () => {
    const app = express();
    app.set('trust proxy', trustProxySetting('1'));
    app.get('/', (req, res) => res.send(clientIp(req)));
    const response = await request(app).get('/').set('X-Forwarded-For', '203.0.113.7');
    expect(response.text).toBe('203.0.113.7');
  });
});
