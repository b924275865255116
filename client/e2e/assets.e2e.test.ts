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
  for (const [encoding, expected] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    const asset = await request.get(`${baseUrl}${scripts[0]}`, {
      headers: { 'Accept-Encoding': encoding },
    });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['content-encoding']).toBe(expected);
    expect(asset.headers()['content-type']).toMatch(/javascript/);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers()['vary']).toMatch(/Accept-Encoding/i);
  }
  // A client that takes no compression gets the file as it is.
  const plain = await request.get(`${baseUrl}${scripts[0]}`, {
    headers: { 'Accept-Encoding': 'identity' },
  });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect((await plain.body()).length).toBeGreaterThan(1000);
});
