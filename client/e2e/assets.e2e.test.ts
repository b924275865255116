import { expect, inject, it } from 'vitest';
import { LANGUAGE_COOKIE } from '@haven/shared';
import { EARLY_LOGIN_ID } from '../src/layout/earlyLoginPage';
import { useBrowser } from './harness';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, openHaven, signInAndWaitForMenu } from './pages';

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
  expect(index.headers()['cache-control']).toBe('no-cache, private');
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

it('shows the sign-in form with the page on Fast 3G; the app takes over what was typed, after one wave of at most 350 KB', async () => {
  const context = browser.context;
  await context.clearCookies();
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // A first visit: nothing cached.
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    // Every request made before the app's form shows: each costs a round trip of 562.5 ms.
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
    const formMs = Date.now() - started;
    // The page's own form (login.en.html), there before any script has arrived, the cursor in it.
    expect(await page.locator(`#${EARLY_LOGIN_ID}`).count()).toBe(1);
    expect(scriptBytes.size).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('username');

    // A person types at once, while the scripts are on their way.
    await page.keyboard.type(DEMO_ACCOUNTS[2].email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    expect(await page.locator(`#${EARLY_LOGIN_ID}`).count()).toBe(1);

    // The app's form replaces it with what was typed, the cursor where it was.
    await page.locator(`#${EARLY_LOGIN_ID}`).waitFor({ state: 'detached', timeout: 20_000 });
    const appMs = Date.now() - started;
    const kilobytes = [...scriptBytes.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
    console.info(
      `first load on Fast 3G: sign-in form after ${formMs} ms, the app's after ${appMs} ms, ${scriptBytes.size} scripts, ${kilobytes.toFixed(0)} KB compressed`,
    );
    expect(await page.locator('input[name="username"]').inputValue()).toBe(DEMO_ACCOUNTS[2].email);
    expect(await page.locator('input[name="password"]').inputValue()).toBe(DEMO_PASSWORD);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'password',
    );
    expect(scriptBytes.size).toBeGreaterThan(0);
    expect(kilobytes).toBeLessThanOrEqual(350);
    // One wave: the browser opens six connections to a host, so at most six scripts arrive in
    // parallel after the page; and the form asks the API nothing before it shows.
    expect(scriptBytes.size).toBeLessThanOrEqual(6);
    expect(requested.filter((path) => path.startsWith('/api/'))).toEqual([]);

    // Enter signs in with what was typed before the app arrived.
    await page.keyboard.press('Enter');
    await page.getByTestId('haven-menu').waitFor({ timeout: 30_000 });
  } finally {
    await page.close();
    await context.clearCookies();
  }
});

it('sends a signed-out visitor the sign-in page in their language, and the signed-in the app', async () => {
  const context = browser.context;
  await context.clearCookies();
  const page = async (headers: Record<string, string>) => {
    const answer = await context.request.get(`${baseUrl}/`, { headers });
    expect(answer.status()).toBe(200);
    expect(answer.headers()['cache-control']).toBe('no-cache, private');
    expect(answer.headers()['vary']).toMatch(/Cookie/);
    expect(answer.headers()['vary']).toMatch(/Accept-Language/);
    const html = await answer.text();
    return {
      lang: /<html lang="(\w+)"/.exec(html)?.[1],
      form: html.includes(`id="${EARLY_LOGIN_ID}"`),
      html,
    };
  };
  // The browser's languages, best first.
  expect(await page({ 'Accept-Language': 'ru-RU,ru;q=0.9,en;q=0.8' })).toMatchObject({
    lang: 'ru',
    form: true,
  });
  expect((await page({ 'Accept-Language': 'ru' })).html).toContain('Электронная почта');
  expect(await page({ 'Accept-Language': 'de-DE,en;q=0.5' })).toMatchObject({
    lang: 'en',
    form: true,
  });
  expect(await page({})).toMatchObject({ lang: 'en', form: true });
  // The language the page last used wins over the browser's.
  expect(await page({ 'Accept-Language': 'ru', Cookie: `${LANGUAGE_COOKIE}=en` })).toMatchObject({
    lang: 'en',
    form: true,
  });
  expect(await page({ Cookie: `${LANGUAGE_COOKIE}=xx` })).toMatchObject({ lang: 'en', form: true });
  // Signed in: the app, which asks the refresh route, not a form that would flash before it.
  expect(await page({ Cookie: 'haven_signed_in=1', 'Accept-Language': 'ru' })).toMatchObject({
    form: false,
  });
  const index = await context.request.get(`${baseUrl}/index.html`, {
    headers: { Cookie: 'haven_signed_in=1' },
  });
  expect(await index.text()).not.toContain(EARLY_LOGIN_ID);
});

it('never puts the sign-in form in front of a signed-in app, nor in a browser without JavaScript', async () => {
  const context = browser.context;
  const { page, errors } = await openHaven(context, baseUrl);
  try {
    await signInAndWaitForMenu(page, DEMO_ACCOUNTS[2].email);
    // The hint goes with links followed from other sites (Lax), so the server sends the app then.
    const hint = (await context.cookies()).find((cookie) => cookie.name === 'haven_signed_in');
    expect(hint).toMatchObject({ value: '1', sameSite: 'Lax', httpOnly: false });
    // Should a signed-in page still get the sign-in page (a proxy, a cookie the request lacked),
    // the app takes the form away at once and restores the session.
    const signInPage = await (
      await context.request.get(`${baseUrl}/`, { headers: { Cookie: '' } })
    ).text();
    expect(signInPage).toContain(EARLY_LOGIN_ID);
    await page.route(`${baseUrl}/`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: signInPage }),
    );
    await page.reload();
    await page.getByTestId('haven-menu').waitFor();
    await page.locator(`#${EARLY_LOGIN_ID}`).waitFor({ state: 'detached', timeout: 5_000 });
    await page.unroute(`${baseUrl}/`);
    expect(errors).toEqual([]);
  } finally {
    await page.close();
    await context.clearCookies();
  }

  // Without JavaScript the form could never be used: hidden, and the page says why.
  const noScript = await context.newPage();
  try {
    const cdp = await context.newCDPSession(noScript);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await noScript.goto(`${baseUrl}/`);
    expect(await noScript.locator(`#${EARLY_LOGIN_ID}`).count()).toBe(1);
    expect(await noScript.locator(`#${EARLY_LOGIN_ID}`).isVisible()).toBe(false);
    const shown = await noScript.locator('body').innerText();
    expect(shown).toContain('Haven needs JavaScript to run.');
    expect(shown).not.toContain('Email');
  } finally {
    await noScript.close();
  }
});
