import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The built client served on the API's port: which file, compressed how, cached how; and the HTTP
 * server's behaviour the Express app had (routing, timeouts). The browser suite
 * (client/e2e/assets.e2e.test.ts) checks the same with the real build.
 */

const ASSET = `console.log(${JSON.stringify('x'.repeat(4000))});`;

/** A build's layout: pages, hashed assets, their brotli and gzip copies. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'haven-client-'));
  const files: Record<string, string> = {
    'index.html': '<html lang="en"><body>the app</body></html>',
    'login.en.html': '<html lang="en"><body>sign in</body></html>',
    'login.ru.html': '<html lang="ru"><body>вход</body></html>',
    'assets/index-abc123.js': ASSET,
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    // Under the client's directory but at an API path: never served.
    'api/readme.txt': 'a file',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (name.endsWith('.html') || name.endsWith('.js')) {
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
    }
  }
  return dir;
}

describe('the built client', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fakeBuild();
    t = await startTestApp({ clientDir: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = async (path: string, headers: Record<string, string>) => {
    const response = await t
      .http()
      .get(path)
      .set({ 'Accept-Encoding': 'identity', ...headers });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache, private');
    expect(response.headers['vary']).toMatch(/Cookie/);
    expect(response.headers['vary']).toMatch(/Accept-Language/);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    return response.text;
  };

  it('sends a signed-out visitor the sign-in page in their language, the signed-in the app', async () => {
    expect(await page('/', { 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' })).toContain('вход');
    expect(await page('/', { 'Accept-Language': 'de-DE,en;q=0.5' })).toContain('sign in');
    expect(await page('/', {})).toContain('sign in');
    expect(await page('/', { 'Accept-Language': 'ru', Cookie: 'haven_lang=en' })).toContain(
      'sign in',
    );
    expect(await page('/index.html', { 'Accept-Language': 'ru' })).toContain('вход');
    expect(await page('/', { Cookie: 'haven_signed_in=1', 'Accept-Language': 'ru' })).toContain(
      'the app',
    );
    expect(await page('/index.html', { Cookie: 'haven_signed_in=1' })).toContain('the app');
    const head = await t.http().head('/').set('Accept-Language', 'ru');
    expect(head.status).toBe(200);
    expect(head.headers['cache-control']).toBe('no-cache, private');
  });

  it('sends the brotli copy before the gzip one, and the file itself to a client taking neither', async () => {
    for (const [accepted, encoding] of [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const response = await t
        .http()
        .get('/assets/index-abc123.js')
        .set('Accept-Encoding', accepted);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['vary']).toMatch(/accept-encoding/i);
      expect(response.text).toBe(ASSET);
    }
    const page = await t.http().get('/').set('Accept-Encoding', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.text).toContain('sign in');
  });

  it('caches other files for an hour, and answers a missing one with the API 404', async () => {
    const icon = await t.http().get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
    const missing = await t.http().get('/nothing-here.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('never answers an API path with a file', async () => {
    expect((await t.http().get('/api/health')).body).toEqual({ status: 'ok' });
    for (const path of ['/api/readme.txt', '/API/readme.txt', '/api/nothing', '/api', '/api?x=1']) {
      const response = await t.http().get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control'] ?? '').not.toMatch(/max-age/);
    }
  });
});

describe('the HTTP server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says how to get the client when there is no build', async () => {
    const response = await t.http().get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toContain('The web client is not built');
  });

  it('matches routes whatever their case and with a trailing slash, as Express did', async () => {
    for (const path of ['/api/health', '/api/Health', '/API/HEALTH', '/api/health/'])
      expect({ path, body: (await t.http().get(path)).body }).toEqual({
        path,
        body: { status: 'ok' },
      });
  });

  it("keeps Node's request timeout and 5-second keep-alive, as Express did", () => {
    const server = t.app.getHttpServer();
    expect(server.requestTimeout).toBe(300_000);
    expect(server.keepAliveTimeout).toBe(5_000);
  });

  it('serves the API documentation', async () => {
    const page = await t.http().get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const document = await t.http().get('/api/docs-json');
    expect(document.status).toBe(200);
    expect(document.body.paths['/api/health']).toBeDefined();
  });
});
