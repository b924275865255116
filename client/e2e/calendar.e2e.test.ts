import { expect, inject, it } from 'vitest';
import { ru } from '../src/i18n/ru';
import { useBrowser } from './harness';
import { message, openHaven, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('the calendar panel says (in Russian here) what the feed holds, shows the link once, and revokes it after a confirmation', async () => {
  const { page, errors } = await openHaven(browser.context, baseUrl);
  // An Almaty account works in Russian.
  await signInAndWaitForMenu(page, 'supervisor.almaty@haven.local');
  await page
    .getByTestId('haven-menu')
    .getByRole('menuitem', { name: message(ru, 'haven.menu.deadlines') })
    .click();
  const panel = page.getByTestId('calendar-panel');
  await panel.getByText(message(ru, 'haven.calendar.help')).waitFor();
  // The page says which language it is in (screen readers pick their voice by it).
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');

  await page.getByTestId('calendar-create').click();
  const url = page.getByTestId('calendar-url');
  await url.waitFor();
  const link = await url.inputValue();
  expect(link).toMatch(/\/api\/calendar\/feed\.ics\?token=[\w-]{20,}$/);
  // The path, fetched from the page's own origin: the feed answers.
  const feedPath = link.slice(link.indexOf('/api/'));
  expect((await page.request.get(`${baseUrl}${feedPath}`)).status()).toBe(200);

  // Back on the page later: the link is active but never shown again.
  await page.reload();
  await page.getByTestId('calendar-active').waitFor();
  expect(await page.getByTestId('calendar-url').count()).toBe(0);

  // Revoking asks first; cancelling keeps the link.
  await page.getByTestId('calendar-revoke').click();
  await page.getByText(message(ru, 'haven.calendar.revoke_warning')).waitFor();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: message(ru, 'ra.action.cancel') })
    .click();
  expect((await page.request.get(`${baseUrl}${feedPath}`)).status()).toBe(200);

  await page.getByTestId('calendar-revoke').click();
  await page.getByTestId('calendar-revoke-confirm').click();
  await page.getByTestId('calendar-create').waitFor();
  expect((await page.request.get(`${baseUrl}${feedPath}`)).status()).toBe(404);
  expect(errors).toEqual([]);
  await page.close();
});
