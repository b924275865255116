import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { expectMenu, expectedMenu, openHaven, signInAndWaitForMenu, signOut } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

// caseworker2 is used by no other browser test, so changing their language disturbs nothing.
const EMAIL = 'caseworker2@haven.local';

it('switching to Russian changes the menu and follows the user to a new login', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, EMAIL);
  await expectMenu(page, expectedMenu('caseworker'));

  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/auth/me') && response.request().method() === 'PATCH',
  );
  await page.locator('header').getByRole('button', { name: 'English' }).click();
  await page.getByRole('menuitem', { name: 'Русский' }).click();
  expect((await saved).status()).toBeLessThan(300);
  await expectMenu(page, expectedMenu('caseworker', ru));

  // Forget everything this browser knows, so only the server can remember the choice.
  await signOut(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('input[name="username"]').waitFor();

  await signInAndWaitForMenu(page, EMAIL);
  await expectMenu(page, expectedMenu('caseworker', ru));

  // Back to English for whoever uses this account next.
  await page.locator('header').getByRole('button', { name: 'Русский' }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expectMenu(page, expectedMenu('caseworker'));

  expect(errors).toEqual([]);
  await page.close();
});
