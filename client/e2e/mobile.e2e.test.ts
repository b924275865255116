import { hasPermission, type Permission, type Role } from '@haven/shared';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, type ExpectStatic } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { SCREENSHOT_DIR, useBrowserContexts } from './harness';
import { api, apiLogin, type ApiSession } from './features';
import { apiGet, message, openHaven, settled, signIn, trackRequests } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowserContexts();

/** The phones of the issue: the narrowest common one, and the one the case page was seen on. */
const PHONES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const;

type Language = 'en' | 'ru';

interface Ids {
  caseId: string;
  clientId: string;
  userId?: string;
  teamId?: string;
}

interface Screen {
  name: string;
  /** The hash route, given the demo records' ids; undefined when the role has none to show. */
  path: (ids: Ids) => string | undefined;
  /** Who may open it: the menu's permission for the page. */
  permission?: Permission;
  /** What to do on the page before measuring it (another view of it), and to undo afterwards. */
  before?: (page: Page) => Promise<void>;
  after?: (page: Page) => Promise<void>;
}

const CASE_TABS = ['', '/deadlines', '/grounds', '/documents', '/tasks', '/history'];

/** Every main page of Haven, each only for the roles whose menu leads there. */
const SCREENS: Screen[] = [
  { name: 'dashboard', path: () => '/' },
  { name: 'cases', path: () => '/cases', permission: 'cases.read' },
  ...CASE_TABS.map<Screen>((tab) => ({
    name: `case${tab || '/overview'}`,
    path: (ids) => `/cases/${ids.caseId}/show${tab}`,
    permission: 'cases.read',
  })),
  { name: 'clients', path: () => '/clients', permission: 'clients.read' },
  {
    name: 'client',
    path: (ids) => `/clients/${ids.clientId}/show`,
    permission: 'clients.read',
  },
  { name: 'deadlines', path: () => '/deadlines', permission: 'deadlines.read' },
  {
    name: 'deadlines/month',
    path: () => '/deadlines',
    permission: 'deadlines.read',
    before: async (page) => {
      await page.getByTestId('deadlines-month-tab').click();
      await settled(page);
    },
    // The view is remembered: back to the agenda for whoever comes next.
    after: (page) => page.getByTestId('deadlines-agenda-tab').click(),
  },
  { name: 'tasks', path: () => '/tasks', permission: 'tasks.read' },
  { name: 'notes', path: () => '/notes', permission: 'notes.read' },
  { name: 'intake', path: () => '/intake', permission: 'intake.create' },
  { name: 'data requests', path: () => '/data-requests', permission: 'dataRequests.read' },
  { name: 'caseload', path: () => '/caseload', permission: 'cases.reassign' },
  { name: 'statistics', path: () => '/statistics', permission: 'statistics.read' },
  { name: 'users', path: () => '/users', permission: 'users.read' },
  {
    name: 'user',
    path: (ids) => ids.userId && `/users/${ids.userId}`,
    permission: 'users.write',
  },
  { name: 'teams', path: () => '/teams', permission: 'teams.read' },
  {
    name: 'team',
    path: (ids) => ids.teamId && `/teams/${ids.teamId}/show`,
    permission: 'teams.read',
  },
  { name: 'retention', path: () => '/retention', permission: 'retention.manage' },
  { name: 'audit events', path: () => '/audit-events', permission: 'audit.read' },
  { name: 'account', path: () => '/account' },
];

/** Pages kept as pictures, to look at (the case page's are taken by its own test below). */
const SCREENSHOTS = ['dashboard', 'cases', 'client', 'deadlines'];

const ROLES: { role: Role; email: string }[] = [
  { role: 'caseworker', email: 'caseworker@haven.local' },
  { role: 'supervisor', email: 'supervisor@haven.local' },
  { role: 'admin', email: 'admin@haven.local' },
  { role: 'analyst', email: 'analyst@haven.local' },
];

/** Signs in on the phone itself and waits for the first page (the menu is in a closed drawer). */
async function signInOnPhone(page: Page, email: string): Promise<void> {
  trackRequests(page);
  await signIn(page, email);
  await page.locator('#main-content').waitFor();
  await settled(page);
}

/** Sets the account's language on the server, where it follows the user to their next sign-in. */
async function saveLanguage(session: ApiSession, language: Language): Promise<void> {
  await api(session, '/auth/me', { method: 'PATCH', body: { locale: language } });
}

/**
 * Signs in on the phone in the account's language, as a Russian-speaking caseworker does: the
 * language is saved on the account first, and the new sign-in (nothing remembered in the
 * browser) takes it from there. Returns the account's API session.
 */
async function signInOnPhoneIn(
  page: Page,
  email: string,
  language: Language,
  // Tests side by side check with their own `expect`.
  check: ExpectStatic = expect,
): Promise<ApiSession> {
  const session = await apiLogin(baseUrl, email);
  await saveLanguage(session, language);
  await signInOnPhone(page, email);
  await check
    .poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 15_000 })
    .toBe(language);
  return session;
}

interface Fit {
  innerWidth: number;
  scrollWidth: number;
  /** Visible elements reaching past the screen's right edge, not held in a box that fits. */
  sticking: string[];
}

/** How the page fits the screen, naming what sticks out (innermost elements) when it does not. */
function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    // Inside a box that scrolls or clips (a tab strip, a table's own scroller, an ellipsis) and
    // itself fits the screen, an element does not widen the page.
    const heldIn = (element: Element) => {
      for (let node = element.parentElement; node && node !== document.body;) {
        if (
          getComputedStyle(node).overflowX !== 'visible' &&
          node.getBoundingClientRect().right <= width + 1
        )
          return true;
        node = node.parentElement;
      }
      return false;
    };
    const outside = [...document.body.querySelectorAll('*')].filter((element) => {
      const box = element.getBoundingClientRect();
      return (
        box.width > 0 &&
        box.right > width + 1 &&
        element.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
        !heldIn(element)
      );
    });
    const innermost = outside.filter(
      (element) => !outside.some((other) => other !== element && element.contains(other)),
    );
    const describe = (element: Element) => {
      const testId = element.getAttribute('data-testid');
      const classes = [...element.classList].slice(0, 3).join('.');
      const text = (element.textContent ?? '').trim().slice(0, 40);
      const right = Math.round(element.getBoundingClientRect().right);
      return `${element.tagName.toLowerCase()}${testId ? `[${testId}]` : ''}${classes ? `.${classes}` : ''} right=${right} "${text}"`;
    };
    return {
      innerWidth: width,
      scrollWidth: document.documentElement.scrollWidth,
      sticking: innermost.slice(0, 8).map(describe),
    };
  });
}

async function open(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => {
    window.location.hash = `#${hash}`;
  }, path);
  await page.waitForURL((url) => url.hash === `#${path}`);
  await page.locator('#main-content').waitFor();
  await settled(page);
}

/** The demo records every role's pages are shown with (the first case the user sees, its client…). */
async function demoIds(page: Page, role: Role): Promise<Ids> {
  const ids: Ids = { caseId: '', clientId: '' };
  if (hasPermission(role, 'cases.read')) {
    const { data } = await apiGet<{ data: { id: string; clientId: string }[] }>(
      page,
      '/cases?perPage=1&sort=nextDeadlineOn&order=ASC',
    );
    ids.caseId = data[0].id;
    ids.clientId = data[0].clientId;
  }
  if (hasPermission(role, 'users.write')) {
    const { data } = await apiGet<{ data: { id: string }[] }>(page, '/users?perPage=1');
    ids.userId = data[0].id;
  }
  if (hasPermission(role, 'teams.read')) {
    const { data } = await apiGet<{ data: { id: string }[] }>(page, '/teams?perPage=1');
    ids.teamId = data[0]?.id;
  }
  return ids;
}

// Every page at the narrowest phone, in both languages (a layout that fits 360 px fits 390); the
// case page's checks below run at 390 px too.
const RUNS: { width: number; height: number; language: Language }[] = [
  { ...PHONES[0], language: 'en' },
  { ...PHONES[0], language: 'ru' },
];

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Russian' };

// The roles walk their pages side by side, each in a browser profile of its own; the languages
// one after the other (the language is the account's, saved on the server).
for (const { width, height, language } of RUNS) {
  describe(`in ${LANGUAGE_NAMES[language]}`, () => {
    for (const { role, email } of ROLES) {
      it.concurrent(
        `as ${role}: every page fits a ${width} px phone in ${LANGUAGE_NAMES[language]} without sideways scrolling`,
        async ({ expect }) => {
          const { page, errors } = await openHaven(await browser.newContext(), baseUrl);
          await page.setViewportSize({ width, height });
          let session: ApiSession | undefined;
          try {
            session = await signInOnPhoneIn(page, email, language, expect);
            const ids = await demoIds(page, role);
            const misfits: string[] = [];
            for (const screen of SCREENS) {
              if (screen.permission && !hasPermission(role, screen.permission)) continue;
              const path = screen.path(ids);
              if (!path) continue;
              await open(page, path);
              await screen.before?.(page);
              const fit = await measure(page);
              if (fit.scrollWidth > fit.innerWidth || fit.sticking.length > 0) {
                misfits.push(
                  `${screen.name} (${path}): ${fit.scrollWidth} px wide on ${fit.innerWidth}\n    ${fit.sticking.join('\n    ')}`,
                );
              }
              if (width === 360 && role === 'caseworker' && SCREENSHOTS.includes(screen.name)) {
                const file = `mobile-${screen.name.replace(/\W+/g, '-')}-${language}.png`;
                await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage: true });
              }
              await screen.after?.(page);
            }
            expect(misfits, misfits.join('\n')).toEqual([]);
            expect(errors).toEqual([]);
          } finally {
            if (session && language !== 'en')
              await saveLanguage(session, 'en').catch(() => undefined);
            await page.context().close();
          }
        },
        240_000,
      );
    }
  });
}

const CASE_PAGE_RUNS = [
  { ...PHONES[1], language: 'en' as const, messages: en },
  { ...PHONES[0], language: 'ru' as const, messages: ru },
];

for (const { width, height, language, messages } of CASE_PAGE_RUNS) {
  it(`on a ${width} px phone in ${LANGUAGE_NAMES[language]} the case page has a stage chip, labelled buttons and a reachable History tab`, async () => {
    const { page, errors } = await openHaven(await browser.newContext(), baseUrl);
    await page.setViewportSize({ width, height });
    let session: ApiSession | undefined;
    try {
      session = await signInOnPhoneIn(page, 'caseworker@haven.local', language);
      const { caseId } = await demoIds(page, 'caseworker');
      await open(page, `/cases/${caseId}/show`);

      // One chip for the stage, not the whole stepper filling the first screen.
      await expect.poll(() => page.getByTestId('case-stage').isVisible()).toBe(true);
      expect(await page.getByTestId('case-stage-stepper').count()).toBe(0);

      // Every action button on the case page says what it does in words.
      const actions = page.locator('#main-content button:visible, #main-content a.MuiButton-root');
      const named = ['case-record-decision', 'case-change-stage', 'case-reassign'];
      for (const testId of named) {
        const button = page.getByTestId(testId);
        if ((await button.count()) === 0) continue;
        expect((await button.innerText()).trim().length, testId).toBeGreaterThan(2);
      }
      const edit = page.locator('#main-content').getByRole('link', {
        name: message(messages, 'ra.action.edit'),
      });
      await expect.poll(() => edit.textContent()).toBe(message(messages, 'ra.action.edit'));
      const iconOnly = await actions.evaluateAll((buttons) =>
        buttons
          .filter(
            (button) =>
              button.querySelector('svg') &&
              !(button as HTMLElement).innerText.trim() &&
              !button.closest('[role="tablist"], .MuiTabs-root, .MuiChip-root, .MuiTableCell-root'),
          )
          .map((button) => button.getAttribute('aria-label') ?? button.outerHTML.slice(0, 80)),
      );
      // Icon-only buttons are left only where an icon is the convention (the tab strip's arrows).
      expect(iconOnly).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `mobile-case-${language}.png`) });

      // The History tab, last in the strip, is reachable and opens.
      const history = page.getByRole('tab', {
        name: message(messages, 'haven.cases.tabs.history'),
      });
      await history.scrollIntoViewIfNeeded();
      await expect.poll(() => history.isVisible()).toBe(true);
      const box = (await history.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await history.click();
      await page.waitForURL(/\/show\/history$/);
      await expect.poll(() => history.getAttribute('aria-selected')).toBe('true');
      await page.getByTestId('case-history').waitFor();
      await settled(page);
      const fit = await measure(page);
      expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `mobile-case-history-${language}.png`) });

      // Deadline titles wrap as sentences, not a word per line.
      await open(page, `/cases/${caseId}/show/deadlines`);
      const titles = page.getByTestId('deadline-title');
      if ((await titles.count()) > 0) {
        const narrowest = await titles.evaluateAll((elements) =>
          Math.min(...elements.map((element) => element.getBoundingClientRect().width)),
        );
        expect(narrowest).toBeGreaterThan(width / 2);
      }
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `mobile-case-deadlines-${language}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    } finally {
      if (session && language !== 'en') await saveLanguage(session, 'en').catch(() => undefined);
      await page.context().close();
    }
  }, 120_000);
}
