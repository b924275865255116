import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { DEMO_PASSWORD, message, openHaven, signIn, signInAndWaitForMenu, signOut } from './pages';

/**
 * An authenticator app in a real browser: set up from the Account page (QR code, key, a code to
 * confirm, ten recovery codes shown once), then the second step of the next sign-in with a code the
 * test computes from the key, as the phone would. The demo enforces nothing, and says so.
 */

const baseUrl = inject('havenUrl');
const browser = useBrowser();
const EMAIL = 'supervisor.berlin@haven.local';

/** A code of `secret` for the step `offset` steps from now. */
const codeAt = (secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

async function openAccount(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/#/account`);
  await page.getByTestId('second-factors').waitFor();
}

describe('second factors', () => {
  it('sets up an authenticator app from the account page and signs in with a code of it', async () => {
    const { page, errors } = await openHaven(browser.context, baseUrl);
    await signInAndWaitForMenu(page, EMAIL);
    await expect
      .poll(() => page.getByTestId('mfa-demo-banner').innerText())
      .toBe(message(en, 'haven.mfa.demo_banner'));

    await openAccount(page);
    await expect
      .poll(() => page.getByTestId('totp-state').innerText())
      .toBe(message(en, 'haven.mfa.totp_off'));
    await page.getByTestId('totp-add').click();
    const key = page.getByTestId('totp-secret');
    await key.waitFor();
    const secret = (await key.getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(
      await page.getByRole('img', { name: message(en, 'haven.mfa.qr_alt') }).getAttribute('src'),
    ).toMatch(/^data:image\/png;base64,/);
    await page
      .getByTestId('totp-enrolment')
      .locator('input[name="code"]')
      .fill(await codeAt(secret));
    await page.getByTestId('totp-confirm').click();

    // Ten recovery codes, shown once.
    await page.getByTestId('recovery-codes').waitFor();
    const codes = await page.getByTestId('recovery-code').allInnerTexts();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await page.getByTestId('recovery-codes-done').click();
    await expect
      .poll(() => page.getByTestId('totp-state').innerText())
      .toBe(message(en, 'haven.mfa.totp_on'));
    await expect
      .poll(() => page.getByTestId('recovery-left').innerText())
      .toBe(message(en, 'haven.mfa.recovery_left').replace('%{smart_count}', '10'));

    // The password alone no longer opens the account: the second step asks for a code.
    await signOut(page);
    await signIn(page, EMAIL);
    await page.getByTestId('mfa-second-step').waitFor();
    expect(await page.getByTestId('haven-menu').count()).toBe(0);
    // A wrong code is refused and says so.
    await page.getByTestId('mfa-second-step').locator('input[name="code"]').fill('000000');
    await page.getByTestId('mfa-verify').click();
    await expect
      .poll(() => page.getByTestId('login-error').innerText())
      .toBe(message(en, 'haven.mfa.wrong_code'));
    // The code confirming the app was this step's: the phone's next one opens the account.
    await page
      .getByTestId('mfa-second-step')
      .locator('input[name="code"]')
      .fill(await codeAt(secret, 1));
    await page.getByTestId('mfa-verify').click();
    await page.getByTestId('haven-menu').waitFor({ timeout: 15_000 });

    // Removed again (with the password and a recovery code), so the demo account signs in with the password alone.
    await openAccount(page);
    await page.getByRole('button', { name: message(en, 'haven.mfa.totp_remove') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await dialog.locator('input[name="code"]').fill(codes[0]);
    await dialog.getByRole('button', { name: message(en, 'haven.mfa.totp_remove') }).click();
    await expect
      .poll(() => page.getByTestId('totp-state').innerText())
      .toBe(message(en, 'haven.mfa.totp_off'));
    await signOut(page);
    await signInAndWaitForMenu(page, EMAIL);

    expect(errors).toEqual([]);
    await page.close();
  });
});
