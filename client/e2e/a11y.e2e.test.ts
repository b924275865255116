import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Role } from '@haven/shared';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { ru } from '../src/i18n/ru';
import { INTAKE_STEPS } from '../src/intake/intakeDraft';
import { anOpenCaseOf, api, apiLogin, type ApiSession } from './features';
import { useBrowserContexts } from './harness';
import { message, openHaven, settled, signInAndWaitForMenu, trackRequests } from './pages';

/**
 * Accessibility: axe-core on every main page, as the role that uses it, in English and in Russian.
 * A `serious` or `critical` violation fails the test, naming the rule, the element and the page.
 * Also: focus moves into the page after choosing a menu entry, focus is clearly visible, and the
 * keyboard intake takes no needless Tab presses.
 */

const baseUrl = inject('havenUrl');
const browser = useBrowserContexts();
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeText: string | undefined;
const axeSource = async () => (axeText ??= await readFile(AXE_PATH, 'utf8'));

type Locale = 'en' | 'ru';
const MESSAGES = { en, ru } as const;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * Opens Haven signed in as `email` in a browser profile of its own (tests run side by side), its
 * requests counted for `settled`. Close it with `page.context().close()`.
 */
async function signedIn(email: string) {
  const haven = await openHaven(await browser.newContext(), baseUrl);
  trackRequests(haven.page);
  await signInAndWaitForMenu(haven.page, email);
  return haven;
}

/** Runs axe on the page as it is now; returns its serious and critical violations as lines. */
async function axe(page: Page, where: string): Promise<string[]> {
  await settled(page);
  // Evaluated through the DevTools protocol: Haven's CSP (rightly) refuses an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource());
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${where}: ${violation.id} (${violation.impact}) at ${node.target.join(' ')} — ${
            violation.help
          }; ${(node.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`,
      ),
    );
}

/** Opens a route of the app (hash routing) and runs axe there once its content is in. */
async function visitRoute(
  page: Page,
  path: string,
  ready: string,
  where: string,
): Promise<string[]> {
  await page.goto(`${baseUrl}/#${path}`);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  return axe(page, where);
}

/** Saves the account's language, which the UI takes at the account's next sign-in. */
async function saveLanguage(session: ApiSession, locale: Locale): Promise<void> {
  await api(session, '/auth/me', { method: 'PATCH', body: { locale } });
}

/** Every tab of a tabbed page (by clicking each in turn), axe on each. */
async function eachTab(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  const tabs = page.locator('main [role="tablist"]').first().getByRole('tab');
  await tabs.first().waitFor();
  const count = await tabs.count();
  expect(count, `${where} has tabs`).toBeGreaterThan(1);
  for (let index = 0; index < count; index += 1) {
    const tab = tabs.nth(index);
    const name = (await tab.innerText()).trim();
    await tab.click();
    await tab.and(page.locator('[aria-selected="true"]')).waitFor();
    found.push(...(await axe(page, `${where}, tab "${name}"`)));
  }
  return found;
}

/** The intake's answers a step needs before the next (found by name on whichever step has them). */
const INTAKE_ANSWERS: Record<string, string> = {
  givenName: 'Access',
  familyName: 'Ability-Check',
  sex: 'female',
  nationality: 'RU',
  caseType: 'asylum',
  jurisdiction: 'GE',
  // Without consent to data processing, the legal basis used instead.
  processingBasis: 'legal_claims',
};

async function eachIntakeStep(page: Page, locale: Locale, at: string): Promise<string[]> {
  const found: string[] = [];
  const messages = MESSAGES[locale];
  const wizard = page.getByTestId('intake-wizard');
  await wizard.waitFor();
  const next = wizard.getByRole('button', { name: message(messages, 'haven.intake.next') });
  const submit = wizard.getByRole('button', { name: message(messages, 'haven.intake.submit') });
  const title = wizard.locator('#intake-step-title');
  await title.waitFor();
  if (!/^\D*1\D/.test(await title.innerText())) {
    // The draft an earlier visit left (saved on the server) is restored: check that state, then
    // start over from the first step.
    found.push(...(await axe(page, `${at}, a restored draft`)));
    const startOver = message(messages, 'haven.intake.start_over');
    await wizard.getByRole('button', { name: startOver, exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: startOver, exact: true }).click();
    await title.filter({ hasText: /^\D*1\D/ }).waitFor();
  }
  let step = 1;
  for (; step <= 10; step += 1) {
    const where = `${at}, step ${step}`;
    found.push(...(await axe(page, where)));
    // The required answers of this step (whichever step shows them).
    for (const [name, value] of Object.entries(INTAKE_ANSWERS)) {
      const field = wizard.locator(`[name="${name}"]`);
      if ((await field.count()) === 0) continue;
      if ((await field.evaluate((element) => element.tagName)) === 'SELECT') {
        await field.selectOption(value);
      } else await field.fill(value);
    }
    if ((await submit.count()) > 0) break;
    await next.click();
    await wizard
      .locator('#intake-step-title')
      .filter({ hasText: new RegExp(`^\\D*${step + 1}\\D`) })
      .waitFor();
  }
  expect(step, 'axe saw every step of the intake').toBe(INTAKE_STEPS.length);
  return found;
}

interface Visit {
  path: string;
  ready: string;
  name: string;
  then?: (page: Page, locale: Locale, where: string) => Promise<string[]>;
}

/** The pages `role` uses; `session` is the API session of the account shown them. */
async function visitsOf(role: Role, session: ApiSession): Promise<Visit[]> {
  const dashboard: Visit = { path: '/', ready: '[data-testid="dashboard"]', name: 'dashboard' };
  switch (role) {
    case 'caseworker': {
      const kase = await anOpenCaseOf(session);
      const response = await fetch(`${baseUrl}/api/cases/${kase.id}`, {
        headers: { Authorization: `Bearer ${session.token}` },
      });
      const { clientId } = (await response.json()) as { clientId: string };
      return [
        dashboard,
        { path: '/cases', ready: 'main table tbody tr', name: 'case list' },
        {
          path: `/cases/${kase.id}/show`,
          ready: '[data-testid="case-reference"]',
          name: 'case page',
          then: (page, _locale, where) => eachTab(page, where),
        },
        { path: '/clients', ready: 'main table tbody tr', name: 'client list' },
        { path: `/clients/${clientId}/show`, ready: 'main h1, main h5', name: 'client page' },
        {
          path: '/intake',
          ready: '[data-testid="intake-wizard"]',
          name: 'intake',
          then: eachIntakeStep,
        },
        { path: '/tasks', ready: 'main table, [data-testid="tasks-empty"]', name: 'tasks' },
        {
          path: '/deadlines',
          ready: '[data-testid="deadlines-agenda-tab"]',
          name: 'deadlines',
          then: async (page, _locale, where) => {
            const agenda = await axe(page, `${where}, agenda`);
            await page.getByTestId('deadlines-month-tab').click();
            return [...agenda, ...(await axe(page, `${where}, month calendar`))];
          },
        },
        { path: '/notes', ready: 'main table, main .RaList-main', name: 'notes' },
        { path: '/account', ready: 'main form, main h1, main h2', name: 'account' },
      ];
    }
    case 'supervisor':
      return [
        dashboard,
        { path: '/caseload', ready: 'main table', name: 'caseload' },
        { path: '/audit-events', ready: 'main table tbody tr', name: 'audit events' },
        { path: '/statistics', ready: '[data-testid="statistics-page"]', name: 'statistics' },
      ];
    case 'admin':
      return [
        dashboard,
        { path: '/users', ready: 'main table tbody tr', name: 'users' },
        { path: '/teams', ready: 'main table tbody tr', name: 'teams' },
        { path: '/audit-events', ready: 'main table tbody tr', name: 'audit events' },
        { path: '/retention', ready: 'main h1, main h2, main table', name: 'retention' },
        {
          path: '/data-requests',
          ready: 'main table, main .RaList-main',
          name: 'data requests',
        },
      ];
    case 'analyst':
      return [
        dashboard,
        { path: '/statistics', ready: '[data-testid="statistics-page"]', name: 'statistics' },
      ];
  }
}

const ACCOUNTS: { role: Role; email: string }[] = [
  { role: 'caseworker', email: 'caseworker@haven.local' },
  { role: 'supervisor', email: 'supervisor@haven.local' },
  { role: 'admin', email: 'admin@haven.local' },
  { role: 'analyst', email: 'analyst@haven.local' },
];

// The roles' pages are checked side by side, each role in a browser profile of its own; the
// languages one after the other (the language is the account's, saved on the server).
describe.each(['en', 'ru'] as const)('axe, in %s', (locale) => {
  for (const { role, email } of ACCOUNTS) {
    it.concurrent(
      `the '${role}'’s pages have no serious or critical violation`,
      // Tests side by side check with their own `expect`.
      async ({ expect }) => {
        // The language is the account's, saved before signing in, as a Russian speaker has it.
        const session = await apiLogin(baseUrl, email);
        await saveLanguage(session, locale);
        const { page, errors } = await signedIn(email);
        const found: string[] = [];
        try {
          await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
          for (const visit of await visitsOf(role, session)) {
            const where = `${role}, ${locale}, ${visit.name} (#${visit.path})`;
            found.push(...(await visitAndCheck(page, visit, where, locale)));
          }
        } finally {
          // Back to English for the tests that follow.
          if (locale !== 'en') await saveLanguage(session, 'en').catch(() => undefined);
          await page.context().close();
        }
        expect(found, found.join('\n')).toEqual([]);
        expect(errors).toEqual([]);
      },
      240_000,
    );
  }
});

/** A page: axe once it shows; pages with tabs or steps are checked one tab or step at a time. */
async function visitAndCheck(
  page: Page,
  visit: Visit,
  where: string,
  locale: Locale,
): Promise<string[]> {
  if (!visit.then) return visitRoute(page, visit.path, visit.ready, where);
  await page.goto(`${baseUrl}/#${visit.path}`);
  await page.locator(visit.ready).first().waitFor({ timeout: 20_000 });
  return visit.then(page, locale, where);
}

it('choosing a menu entry by keyboard moves focus into the page it opens', async () => {
  const { page, errors } = await signedIn('caseworker@haven.local');
  for (const [key, path] of [
    ['haven.menu.cases', '#/cases'],
    ['haven.menu.clients', '#/clients'],
    ['haven.menu.intake', '#/intake'],
  ] as const) {
    const item = page.getByTestId('haven-menu').getByRole('menuitem', { name: message(en, key) });
    await item.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.hash.startsWith(path));
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const active = document.activeElement;
            const main = document.getElementById('main-content');
            return Boolean(active && main?.contains(active));
          }),
        { timeout: 5_000, message: `focus is in the page after choosing ${key}` },
      )
      .toBe(true);
    // Where focus lands is the page's heading when it has one, else the content itself.
    const landed = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      return { tag: active.tagName, id: active.id, text: active.innerText.slice(0, 40) };
    });
    expect(['H1', 'H2', 'DIV'], JSON.stringify(landed)).toContain(landed.tag);
  }
  expect(errors).toEqual([]);
  await page.context().close();
});

it('keyboard focus is clearly visible: a strong outline on buttons, links, menu entries and tabs', async () => {
  const { page, errors } = await signedIn('caseworker@haven.local');
  const session = await apiLogin(baseUrl, 'caseworker@haven.local');
  const kase = await anOpenCaseOf(session);
  await page.goto(`${baseUrl}/#/cases/${kase.id}/show`);
  await page.getByTestId('case-reference').waitFor();
  await page.locator('main [role="tab"]').first().waitFor();
  await settled(page);
  const seen = new Map<string, { style: string; width: number; color: string }>();
  // Tab through the page, noting the outline of each kind of control on the way.
  for (let press = 0; press < 150 && seen.size < 4; press += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (!active || active === document.body) return null;
      const role = active.getAttribute('role') ?? active.tagName.toLowerCase();
      // A checkbox's or radio's input is invisible; its visible box carries the focus ring.
      const shown = active.matches('input[type="checkbox"], input[type="radio"]')
        ? (active.parentElement as HTMLElement)
        : active;
      const style = getComputedStyle(shown);
      return {
        role,
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        color: style.outlineColor,
      };
    });
    if (focused && ['button', 'a', 'menuitem', 'tab'].includes(focused.role)) {
      seen.set(focused.role, focused);
    }
  }
  expect([...seen.keys()].sort()).toEqual(['a', 'button', 'menuitem', 'tab'].sort());
  for (const [role, outline] of seen) {
    expect(outline.style, role).not.toBe('none');
    expect(outline.width, role).toBeGreaterThanOrEqual(2);
  }
  expect(errors).toEqual([]);
  await page.context().close();
});

/**
 * The Tab presses a keyboard user needs for an intake: from the freshly loaded page to the first
 * field (taking the skip link when it is offered), then on each step from its heading (where focus
 * lands) through every field to "Next", filling in what is required on the way.
 */
async function intakeTabPresses(
  page: Page,
): Promise<{ toFirstField: number; steps: number[]; total: number; beforeNext: string[] }> {
  await page.goto(`${baseUrl}/#/intake`);
  await page.reload();
  const wizard = page.getByTestId('intake-wizard');
  await wizard.locator('[name="givenName"]').waitFor();
  await settled(page);
  const next = message(en, 'haven.intake.next');
  const submit = message(en, 'haven.intake.submit');
  const active = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return {
        skip: Boolean(element?.classList.contains('skip-nav-button')),
        name: element?.getAttribute('name') ?? '',
        tag: element?.tagName ?? '',
        value: element && 'value' in element ? String(element.value) : '',
        text: (element?.textContent ?? '').trim(),
        label: element?.getAttribute('aria-label') ?? '',
      };
    });
  let presses = 0;
  const trail: string[] = [];
  let skipped = false;
  let toFirstField = -1;
  const steps: number[] = [];
  let stepStart = 0;
  try {
    while (presses < 400) {
      await page.keyboard.press('Tab');
      presses += 1;
      const focused = await active();
      trail.push(focused.name || `${focused.tag}:${(focused.label || focused.text).slice(0, 20)}`);
      if (focused.skip && !skipped) {
        skipped = true;
        await page.keyboard.press('Enter');
        continue;
      }
      if (toFirstField < 0) {
        if (focused.name !== 'givenName') continue;
        toFirstField = presses;
        stepStart = presses - 1;
      }
      const answer = INTAKE_ANSWERS[focused.name];
      if (answer !== undefined && !focused.value) {
        if (focused.tag === 'SELECT') {
          await page.locator(`[name="${focused.name}"]`).selectOption(answer);
        } else await page.keyboard.type(answer);
      }
      if (focused.tag === 'BUTTON' && (focused.text === next || focused.text === submit)) {
        steps.push(presses - stepStart);
        stepStart = presses;
        if (focused.text === submit) break;
        const heading = await wizard.locator('#intake-step-title').innerText();
        await page.keyboard.press('Enter');
        await expect.poll(() => wizard.locator('#intake-step-title').innerText()).not.toBe(heading);
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.id))
          .toBe('intake-step-title');
      }
    }
  } finally {
    console.info(`keyboard intake, where each Tab went: ${trail.join(' | ')}`);
  }
  expect(toFirstField, 'Tab reaches the first field').toBeGreaterThan(0);
  // Where focus was just before reaching "Next" on each step.
  const buttons = [next, submit].map((label) => `BUTTON:${label.slice(0, 20)}`);
  const beforeNext = trail.filter((_stop, index) => buttons.includes(trail[index + 1] ?? ''));
  return { toFirstField, steps, total: presses, beforeNext };
}

it('a keyboard intake takes few Tab presses', async () => {
  // Not the account the axe test walks the intake with: no draft of it to resume here.
  const { page, errors } = await signedIn('caseworker2@haven.local');
  const { toFirstField, steps, total, beforeNext } = await intakeTabPresses(page);
  console.info(
    `keyboard intake: ${toFirstField} Tab presses to the first field, steps ${steps.join(' + ')}; total ${total}`,
  );
  expect(steps.length, 'every step was reached').toBe(INTAKE_STEPS.length);
  // "Next" follows each step's last field: no Back or Start over to pass on the way.
  expect(
    beforeNext.filter((stop) =>
      [message(en, 'haven.intake.back'), message(en, 'haven.intake.start_over')].some(
        (label) => stop === `BUTTON:${label.slice(0, 20)}`,
      ),
    ),
  ).toEqual([]);
  // The issue counted 92 presses (then 100 with the consent step); the skip link, and "Next"
  // first, bring it below that.
  expect(total).toBeLessThan(92);
  expect(errors).toEqual([]);
  await page.context().close();
});
