import { describe, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import {
  DEMO_ACCOUNTS,
  expectMenu,
  expectedMenu,
  message,
  openHaven,
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
    const status = await page.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem('haven.session') ?? '{}') as {
        accessToken?: string;
      };
      const response = await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.accessToken}` },
      });
      return response.status;
    });
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
});
