import { describe, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import {
  DEMO_ACCOUNTS,
  expectMenu,
  expectedMenu,
  message,
  openHaven,
  pageToken,
  signIn,
  signInAndWaitForMenu,
  signOut,
} from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

describe('signing in', () => {
  for (const account of DEMO_ACCOUNTS) {
    it(`${account.email} sees exactly what the ${account.role} role may use, then signs out`, async () => {
      const { page, errors } = await openHaven(browser.context, baseUrl);
      await signInAndWaitForMenu(page, account.email);

      await expectMenu(page, expectedMenu(account.role));
      await expect
        .poll(() => page.getByTestId('dashboard-role').innerText())
        .toBe(message(en, `haven.roles.${account.role}`));
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Welcome, \S/);

      await signOut(page);
      expect(page.url()).toMatch(/#\/login$/);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('says "Wrong email or password" for a wrong password and for an unknown email alike', async () => {
    const { page, errors } = await openHaven(browser.context, baseUrl);
    const wrong = message(en, 'haven.auth.wrong_credentials');

    await signIn(page, 'analyst@haven.local', 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toBe(wrong);

    await signIn(page, 'nobody@haven.local', 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toBe(wrong);

    expect(page.url()).toMatch(/#\/login$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sends the user to the login page, saying why, when the server ends the session', async () => {
    const { page, errors } = await openHaven(browser.context, baseUrl);
    await signInAndWaitForMenu(page, 'supervisor@haven.local');

    // End the session on the server behind the page's back, as a logout in another tab would.
    const token = await pageToken(page);
    const status = await page.evaluate(async (bearer) => {
      const response = await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}` },
      });
      return response.status;
    }, token);
    expect(status).toBeLessThan(300);

    await page
      .getByTestId('haven-menu')
      .getByRole('menuitem', { name: message(en, 'haven.menu.teams') })
      .click();
    await page.getByTestId('session-ended').waitFor();
    expect(await page.getByTestId('session-ended').innerText()).toBe(
      message(en, 'haven.auth.session_ended'),
    );
    expect(page.url()).toMatch(/#\/login$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays signed in across a reload with no token in localStorage or within reach of scripts', async () => {
    const { page, errors } = await openHaven(browser.context, baseUrl);
    await signInAndWaitForMenu(page, 'caseworker@haven.local');
    const stored = () =>
      page.evaluate(() =>
        Object.keys(localStorage).map((key) => [key, localStorage.getItem(key) ?? ''] as const),
      );
    /** Entries named like a session or a token, or holding a JWT or the refresh secret. */
    const tokenLike = (entries: (readonly [string, string])[]) =>
      entries.filter(
        ([key, value]) =>
          /session|token|auth|jwt/i.test(key) || /eyJ|[0-9a-f-]{36}\.\d+\./.test(value),
      );

    const before = await stored();
    expect(tokenLike(before)).toEqual([]);
    expect(before.map(([key]) => key)).toEqual(expect.arrayContaining(['haven.locale']));
    // The refresh cookie is HttpOnly: not in document.cookie.
    expect(await page.evaluate(() => document.cookie)).not.toContain('haven_session');
    const cookies = await browser.context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'haven_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/auth/refresh',
    });

    await page.reload();
    await page.getByTestId('haven-menu').waitFor();
    await expectMenu(page, expectedMenu('caseworker'));
    expect(page.url()).not.toMatch(/#\/login$/);
    expect(tokenLike(await stored())).toEqual([]);

    // Signed out, a reload does not bring the session back.
    await signOut(page);
    await page.reload();
    await page.locator('input[name="username"]').waitFor();
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/#\/login$/);
    await expect(pageToken(page)).rejects.toThrow(/HTTP 401/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
