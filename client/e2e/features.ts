import type { LoginResponse } from '@haven/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from './pages';

/**
 * Helpers for the browser tests of notes, tasks, dashboards and statistics: the API (to find a
 * case to work on) and the figures the dashboards show.
 */

export interface ApiSession {
  baseUrl: string;
  token: string;
  user: LoginResponse['user'];
}

export async function apiLogin(
  baseUrl: string,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status, `login of ${email}`).toBe(200);
  const session = (await response.json()) as LoginResponse;
  return { baseUrl, token: session.accessToken, user: session.user };
}

export async function api<T>(
  session: ApiSession,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${session.baseUrl}/api${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${session.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  expect(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : null) as T;
}

/** An open case assigned to the signed-in caseworker. */
export async function anOpenCaseOf(
  session: ApiSession,
): Promise<{ id: string; reference: string }> {
  const query = new URLSearchParams({ assignedToId: session.user.id, perPage: '100' });
  for (const stage of ['assessment', 'preparation', 'lodged', 'interview', 'decision', 'appeal']) {
    query.append('stage', stage);
  }
  const { data } = await api<{ data: { id: string; reference: string }[] }>(
    session,
    `/cases?${query.toString()}`,
  );
  expect(data.length, 'the caseworker has an open case').toBeGreaterThan(0);
  return data[0];
}

/** Opens a case page and one of its tabs by the tab's label (MUI tabs). */
export async function openCaseTab(page: Page, baseUrl: string, caseId: string, tab: string) {
  await page.goto(`${baseUrl}/#/cases/${caseId}/show`);
  await page.getByTestId('case-reference').waitFor();
  await page.getByRole('tab', { name: tab }).click();
}

/** The number a dashboard figure shows (its data-count), once the dashboard has loaded. */
export async function figure(page: Page, testId: string): Promise<number> {
  const element = page.getByTestId(testId);
  await element.waitFor();
  return Number(await element.getAttribute('data-count'));
}

export async function openDashboard(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/#/`);
  await page.getByTestId('dashboard').waitFor();
}

/** A list URL with a react-admin filter, as the dashboards link to them. */
export const listUrl = (baseUrl: string, resource: string, filter: Record<string, unknown>) =>
  `${baseUrl}/#/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/**
 * API answers of 400 and above while the page is used: a screen that asks the API something it
 * refuses (an unknown sort, a bad filter) still renders, so the tests look at the answers too.
 */
export function watchApiFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/') && response.status() >= 400) {
      failures.push(
        `${response.status()} ${response.request().method()} ${url.pathname}${url.search}`,
      );
    }
  });
  return failures;
}

/** The password of the staff accounts browser tests create (long and uncommon: the policy's). */
export const STAFF_PASSWORD = 'Tbilisi-Almaty-Berlin-2026';

/**
 * A staff account of a test's own, ready to sign in with STAFF_PASSWORD: the admin creates it with a
 * one-time password, and its first sign-in changes it, as a new colleague would.
 */
export async function createStaff(
  admin: ApiSession,
  account: {
    email: string;
    fullName: string;
    role: string;
    teamId: string | null;
    locale?: string;
  },
): Promise<ApiSession> {
  const initial = `${STAFF_PASSWORD}-first`;
  await api(admin, '/users', { method: 'POST', body: { ...account, password: initial } });
  const first = await apiLogin(admin.baseUrl, account.email, initial);
  await api(first, '/auth/password', {
    method: 'POST',
    body: { currentPassword: initial, newPassword: STAFF_PASSWORD },
  });
  return apiLogin(admin.baseUrl, account.email, STAFF_PASSWORD);
}
