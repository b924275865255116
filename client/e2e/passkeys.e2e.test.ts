import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { message, openHaven, signIn, signInAndWaitForMenu, signOut } from './pages';

/**
 * Passkeys in a real browser: Chromium's virtual authenticator (CDP `WebAuthn.*`) stands in for the
 * fingerprint reader. WebAuthn needs a secure context and a domain for its RP ID, so the page is
 * opened at http://localhost:<port> — the address Haven's default HAVEN_PUBLIC_URL names — rather
 * than 127.0.0.1.
 */

const baseUrl = inject('havenUrl').replace('://127.0.0.1:', '://localhost:');
const browser = useBrowser();
const EMAIL = 'caseworker.berlin@haven.local';

async function addVirtualAuthenticator(
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function openAccount(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/#/account`);
  await page.getByTestId('passkeys').waitFor();
}

/** The account page is long: the app bar hides while it is scrolled down; bring it back to sign out. */
async function backToTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.RaUserMenu-userButton').waitFor({ state: 'visible' });
}

const passkeyNames = (page: Page) => page.getByTestId('passkey-name').allInnerTexts();

describe('passkeys', () => {
  it('registers a passkey from the account page, signs in with password and passkey, then removes it', async () => {
    const { page, errors } = await openHaven(browser.context, baseUrl);
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    await signInAndWaitForMenu(page, EMAIL);
    await openAccount(page);
    await page.getByTestId('passkeys-empty').waitFor();

    // Named first, then the browser's prompt (answered by the virtual authenticator).
    await page.getByTestId('passkey-add').click();
    await page.locator('input[name="passkeyName"]').fill('Test laptop');
    await page.getByRole('button', { name: message(en, 'haven.passkeys.add_continue') }).click();
    await expect.poll(() => passkeyNames(page), { timeout: 15_000 }).toEqual(['Test laptop']);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].rpId).toBe('localhost');
    const countAtRegistration = credentials[0].signCount;

    // Signed out, the password alone no longer opens the account: the second step offers the passkey.
    await backToTop(page);
    await signOut(page);
    await signIn(page, EMAIL);
    await page.getByTestId('passkey-sign-in').click();
    await page.getByTestId('haven-menu').waitFor({ timeout: 15_000 });
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThan(countAtRegistration);

    // The account page shows it was used; removing it asks first, and Cancel keeps it.
    await openAccount(page);
    await expect.poll(() => page.getByTestId('passkey').innerText()).toContain('last used');
    await page
      .getByRole('button', {
        name: message(en, 'haven.passkeys.remove_named').replace('%{name}', 'Test laptop'),
      })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: message(en, 'ra.action.cancel') })
      .click();
    expect(await passkeyNames(page)).toEqual(['Test laptop']);
    await page
      .getByRole('button', {
        name: message(en, 'haven.passkeys.remove_named').replace('%{name}', 'Test laptop'),
      })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: message(en, 'haven.passkeys.remove') })
      .click();
    await page.getByTestId('passkeys-empty').waitFor();

    // Back to the password alone (the demo does not require a second factor).
    await backToTop(page);
    await signOut(page);
    await signInAndWaitForMenu(page, EMAIL);
    expect(errors).toEqual([]);
    await page.close();
  });
});
