import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * Requests the HTTP server answers before or around the routes: each still carries the fixed
 * security headers, a request id and no-store, in the contract's error shape.
 */
describe('the HTTP edges', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const expectApiHeaders = (headers: Record<string, unknown>) => {
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toBeTruthy();
    expect(headers['x-request-id']).toBeTruthy();
    expect(headers['cache-control']).toBe('no-store');
  };

  it('answers an address it cannot read with the headers, never echoing the query', async () => {
    for (const path of ['/api/clients/%ZZ?q=Secretname', '/api/%']) {
      const response = await t.http().get(path);
      expect(response.status, path).toBe(400);
      expectApiHeaders(response.headers);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'invalid' });
      expect(JSON.stringify(response.body)).not.toContain('Secretname');
    }
  });

  it('treats a request line in absolute form as its path (no-store on the API)', async () => {
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const sent = httpRequest(
          { host: '127.0.0.1', port, path: `http://127.0.0.1:${port}/api/health`, method: 'GET' },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.headers));
          },
        );
        sent.on('error', reject);
        sent.end();
      });
      expectApiHeaders(headers);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('keeps no-store on the API documentation’s own files', async () => {
    const response = await t.http().get('/api/docs/swagger-ui.css');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses a JSON body in another charset or a content encoding with 415', async () => {
    const latin1 = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"email":"a@b.cd","password":"x"}');
    expect(latin1.status).toBe(415);
    expect(latin1.body).toMatchObject({ statusCode: 415, code: 'unsupported_media_type' });
    expectApiHeaders(latin1.headers);
    const gzipped = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync('{"email":"a@b.cd","password":"x"}'));
    expect(gzipped.status).toBe(415);
    const utf8 = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send('{"email":"nobody@haven.local","password":"not-the-password"}');
    expect(utf8.status).toBe(401);
  });
});
