import { hasPermission, type Permission, type Role } from '@haven/shared';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { en } from '../src/i18n/en';

/** The contract's demo accounts (api-contract.md, "Demo accounts"). */
export const DEMO_PASSWORD = 'haven-demo';
export const DEMO_ACCOUNTS: { email: string; role: Role }[] = [
  { email: 'admin@haven.local', role: 'admin' },
  { email: 'supervisor@haven.local', role: 'supervisor' },
  { email: 'caseworker@haven.local', role: 'caseworker' },
  { email: 'caseworker2@haven.local', role: 'caseworker' },
  { email: 'analyst@haven.local', role: 'analyst' },
];

/** The menu's resource entries and the permission that lets a role list each. */
const MENU_PERMISSIONS: { key: string; permission: Permission }[] = [
  { key: 'haven.menu.cases', permission: 'cases.read' },
  { key: 'haven.menu.clients', permission: 'clients.read' },
  { key: 'haven.menu.deadlines', permission: 'deadlines.read' },
  { key: 'haven.tasks.menu', permission: 'tasks.read' },
  { key: 'haven.notes.menu', permission: 'notes.read' },
  { key: 'haven.menu.intake', permission: 'intake.create' },
  { key: 'haven.menu.data_requests', permission: 'dataRequests.read' },
  { key: 'haven.dashboard.menu_caseload', permission: 'cases.reassign' },
  { key: 'haven.statistics.menu', permission: 'statistics.read' },
  { key: 'haven.menu.users', permission: 'users.read' },
  { key: 'haven.menu.teams', permission: 'teams.read' },
  { key: 'haven.retention.menu', permission: 'retention.manage' },
  { key: 'haven.menu.audit', permission: 'audit.read' },
];

/** A message of a locale's tree by its dotted key. */
export function message(messages: object, key: string): string {
  const value = key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      messages,
    );
  if (typeof value !== 'string') throw new Error(`No message ${key}`);
  return value;
}

/** What a role's menu must show, from the shared role map: the dashboard, then what it may list. */
export function expectedMenu(role: Role, messages: object = en): string[] {
  return [
    message(messages, 'ra.page.dashboard'),
    ...MENU_PERMISSIONS.filter((entry) => hasPermission(role, entry.permission)).map((entry) =>
      message(messages, entry.key),
    ),
  ];
}

export interface HavenPage {
  page: Page;
  /** Uncaught exceptions in the page: a test ends by checking there were none. */
  errors: Error[];
}

/** A new tab on Haven's login page with nothing remembered from earlier tests. */
export async function openHaven(context: BrowserContext, baseUrl: string): Promise<HavenPage> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  // Signed out: no refresh cookie (the session lives in it, not in localStorage) and no stored choices.
  await context.clearCookies();
  await page.goto(`${baseUrl}/#/login`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('input[name="username"]').waitFor();
  return { page, errors };
}

/** Fills react-admin's login form (stack-notes G17: select inputs by name, not label). */
export async function signIn(
  page: Page,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await page.locator('input[name="username"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

export async function signInAndWaitForMenu(
  page: Page,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await signIn(page, email, password);
  await page.getByTestId('haven-menu').waitFor();
}

export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByTestId('haven-menu').getByRole('menuitem');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((text) => text.trim());
}

/** Polls until the menu shows exactly `expected` (labels change after a language switch). */
export async function expectMenu(page: Page, expected: string[]): Promise<void> {
  await expect.poll(() => menuLabels(page), { timeout: 15_000 }).toEqual(expected);
}

/** Signs out through the user menu; a voluntary logout must not be reported as an ended session. */
export async function signOut(page: Page): Promise<void> {
  // react-admin's app bar hides while the page is scrolled down (a long page such as the recovery
  // codes): scroll back up so that the user menu shows again, as a person would.
  await page.mouse.wheel(0, -100_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.RaUserMenu-userButton').click();
  await page.locator('li.logout').click();
  await page.locator('input[name="username"]').waitFor();
  // Give late answers to in-flight requests a moment to (wrongly) flag the session as ended.
  await page.waitForTimeout(300);
  expect(await page.getByTestId('session-ended').count()).toBe(0);
}

/** Clicks a menu entry by its English label key. */
export async function openMenu(page: Page, key: string): Promise<void> {
  await page
    .getByTestId('haven-menu')
    .getByRole('menuitem', { name: message(en, key) })
    .click();
}

/**
 * A token for the page's session, the way a reloaded page gets one: from the refresh route, which
 * reads the page's HttpOnly cookie (the app keeps its own token in memory, out of reach).
 */
export async function pageToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'X-Haven-Refresh': '1' },
    });
    if (!response.ok) throw new Error(`/api/auth/refresh: HTTP ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  });
}

/** A GET of the API as the signed-in user of the page (for looking up ids and checking results). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const token = await pageToken(page);
  return page.evaluate(
    async ([url, bearer]) => {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return (await response.json()) as T;
    },
    [`/api${path}`, token] as const,
  );
}

/** The full name of a demo account, as lists and dialogs show it. */
export async function fullNameOf(page: Page, email: string): Promise<string> {
  const { data } = await apiGet<{ data: { email: string; fullName: string }[] }>(
    page,
    `/users?perPage=100&q=${encodeURIComponent(email)}`,
  );
  const user = data.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`No account ${email}`);
  return user.fullName;
}

/** Requests each tracked page has in flight (Playwright's `networkidle` does not fit this app). */
const inFlight = new WeakMap<Page, Set<Request>>();

/** Counts the page's requests in flight from now on, for `settled`. Calling it again changes nothing. */
export function trackRequests(page: Page): Page {
  if (inFlight.has(page)) return page;
  const pending = new Set<Request>();
  inFlight.set(page, pending);
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  return page;
}

/**
 * Waits until the page has settled, by its own signals rather than a fixed pause: none of its
 * requests in flight (`trackRequests` first), no loading indicator showing (react-admin's app bar
 * shows one while any query or mutation is pending) and no transition or animation running (MUI's
 * fades, slides and ripples; endless ones are spinners, covered by the indicator), all of it for
 * `quietMs` in a row. Fails naming what is still busy after `timeout`.
 */
export async function settled(
  page: Page,
  { quietMs = 200, timeout = 20_000 }: { quietMs?: number; timeout?: number } = {},
): Promise<void> {
  const pending = inFlight.get(page);
  if (!pending) throw new Error('settled: trackRequests(page) first');
  const deadline = Date.now() + timeout;
  let quietSince = Date.now();
  for (;;) {
    const busy = await page.evaluate(() => {
      const shown = [...document.querySelectorAll('[role="progressbar"], .RaLoading-root')].filter(
        (element) => element.checkVisibility(),
      ).length;
      const moving = document
        .getAnimations()
        .filter(
          (animation) =>
            animation.playState === 'running' &&
            animation.effect?.getComputedTiming().iterations !== Infinity,
        ).length;
      return shown + moving > 0 ? `${shown} loading indicator(s), ${moving} animation(s)` : '';
    });
    const now = Date.now();
    if (busy || pending.size > 0) {
      quietSince = now;
      if (now > deadline) {
        const urls = [...pending].map((request) => request.url()).slice(0, 5);
        throw new Error(
          `The page did not settle within ${timeout} ms: ${busy || 'no indicator'}; ${pending.size} request(s) in flight ${urls.join(' ')}`,
        );
      }
    } else if (now - quietSince >= quietMs) return;
    await page.waitForTimeout(25);
  }
}
