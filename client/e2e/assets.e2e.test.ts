import { expect, inject, it } from 'vitest';
import { useBrowser } from './harness';

/**
 * The client's files as a slow connection receives them: compressed (the build's brotli and gzip
 * copies), and the hashed assets cached for a year while index.html is checked on every load.
 */
const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('serves the built client compressed, its hashed assets immutable and index.html revalidated', async () => {
  const request = browser.context.request;
  const index = await request.get(`${baseUrl}/`, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  // The largest of them (the entry itself may be too small to be worth compressing).
  const sizes = await Promise.all(
    scripts.map(
      async (path) =>
        (
          await (
            await request.get(`${baseUrl}${path}`, { headers: { 'Accept-Encoding': 'identity' } })
          ).body()
        ).length,
    ),
  );
  const largest = scripts[sizes.indexOf(Math.max(...sizes))];
  for (const [encoding, expected] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    const asset = await request.get(`${baseUrl}${largest}`, {
      headers: { 'Accept-Encoding': encoding },
    });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['content-encoding']).toBe(expected);
    expect(asset.headers()['content-type']).toMatch(/javascript/);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['vary']).toMatch(/Accept-Encoding/i);
  }
  // A client that takes no compression gets the file as it is.
  const plain = await request.get(`${baseUrl}${largest}`, {
    headers: { 'Accept-Encoding': 'identity' },
  });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect((await plain.body()).length).toBeGreaterThan(1000);
});

/** Chrome DevTools' "Fast 3G" preset: 562.5 ms added to every request, ~1.35 Mbit/s down. */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: ((1.5 * 1024 * 1024) / 8) * 0.9,
  uploadThroughput: ((750 * 1024) / 8) * 0.9,
};

it('shows the login form on Fast 3G after one wave of at most 350 KB of compressed JavaScript', async () => {
  const context = browser.context;
  await context.clearCookies();
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // A first visit: nothing cached.
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    // Every request made before the form shows: each costs a round trip of 562.5 ms.
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // What crossed the wire for each script (compressed bytes, headers included).
    const scriptBytes = new Map<string, number>();
    const scriptIds = new Set<string>();
    cdp.on('Network.responseReceived', (event) => {
      if (event.type === 'Script') scriptIds.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (scriptIds.has(event.requestId)) scriptBytes.set(event.requestId, event.encodedDataLength);
    });

    const started = Date.now();
    await page.goto(`${baseUrl}/#/login`, { waitUntil: 'commit' });
    await page.locator('input[name="username"]').waitFor({ timeout: 20_000 });
    const loginFormMs = Date.now() - started;
    const kilobytes = [...scriptBytes.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;

    console.info(
      `first load on Fast 3G: login form after ${loginFormMs} ms, ${scriptBytes.size} scripts, ${kilobytes.toFixed(0)} KB compressed`,
    );
    expect(scriptBytes.size).toBeGreaterThan(0);
    expect(kilobytes).toBeLessThanOrEqual(350);
    // One wave: the browser opens six connections to a host, so at most six scripts arrive in
    // parallel after index.html; and the form asks the API nothing before it shows.
    expect(scriptBytes.size).toBeLessThanOrEqual(6);
    expect(requested.filter((path) => path.startsWith('/api/'))).toEqual([]);
  } finally {
    await page.close();
  }
});
