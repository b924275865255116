import { expect, inject, it } from 'vitest';
import { en } from '../src/i18n/en';
import { useBrowser } from './harness';
import { api, apiLogin } from './features';
import { message, openHaven, openMenu, signInAndWaitForMenu } from './pages';

const baseUrl = inject('havenUrl');
const browser = useBrowser();

it('a caseworker completes the intake wizard, fixing a step that fails, and lands on the new case', async () => {
  // A fresh intake: no draft another test may have left for this account (drafts are per user).
  await api(await apiLogin(baseUrl, 'caseworker@haven.local'), '/intake/draft', {
    method: 'DELETE',
  });
  const { page, errors } = await openHaven(browser.context, baseUrl);
  await signInAndWaitForMenu(page, 'caseworker@haven.local');
  await openMenu(page, 'haven.menu.intake');
  const wizard = page.getByTestId('intake-wizard');
  await wizard.waitFor();
  const next = wizard.getByRole('button', { name: message(en, 'haven.intake.next') });
  const field = (name: string) => wizard.locator(`[name="${name}"]`);

  // 1. Person: names in both scripts, date of birth, sex, nationality, languages.
  await field('givenName').fill('Dmitrii');
  await field('familyName').fill('Sokolov-Browser');
  await field('nativeName').fill('Дмитрий Андреевич Соколов');
  await field('dateOfBirth').fill('1994-05-17');
  await field('sex').selectOption('male');
  await field('nationality').selectOption('RU');
  await field('languages').fill('Russ');
  await page.getByRole('option', { name: 'Russian' }).click();
  await next.click();

  // 2. Consent, before anything restricted is asked.
  await wizard.getByTestId('intake-consent').waitFor();
  await wizard.getByLabel(message(en, 'haven.enums.consentScope.data_processing')).check();
  await wizard.getByLabel(message(en, 'haven.enums.consentScope.legal_representation')).check();
  await field('consentGivenOn').fill('2026-10-01');
  await field('consentLanguage').selectOption('ru');
  await next.click();

  // 3. Safety and contact: a phone and an email the server would refuse are caught here…
  await wizard.getByText(message(en, 'haven.intake.safety_help')).waitFor();
  await field('safeContactChannel').selectOption('signal');
  await field('phone').fill('call after 6pm');
  // An address typed with the keyboard still in Russian: said under the field, not transliterated.
  await field('email').fill('дима@example.org');
  await wizard.getByTestId('latin-warning').getByText('д и м а').waitFor();
  await field('email').fill('d.sokolov@example');
  expect(await wizard.getByTestId('latin-warning').count()).toBe(0);
  await next.click();
  await wizard.getByTestId('intake-error-summary').waitFor();
  await wizard.getByText(message(en, 'haven.validation.phone').split(' (')[0]).first().waitFor();
  expect(await wizard.getByText(message(en, 'haven.intake.safety_help')).count()).toBe(1);
  // …and nothing typed is lost: this step's answers, and the previous step's.
  expect(await field('phone').inputValue()).toBe('call after 6pm');
  expect(await field('email').inputValue()).toBe('d.sokolov@example');
  expect(await field('safeContactChannel').inputValue()).toBe('signal');
  const back = wizard.getByRole('button', { name: message(en, 'haven.intake.back') });
  await back.click();
  expect(await field('consentLanguage').inputValue()).toBe('ru');
  await back.click();
  expect(await field('givenName').inputValue()).toBe('Dmitrii');
  expect(await field('nationality').inputValue()).toBe('RU');
  await next.click();
  await next.click();
  await field('phone').fill('+995 555 12 34 56');
  // The client's email check is deliberately loose and the server's is the authority: this
  // address passes here and is refused on submit (see below).
  await field('email').fill('d.sokolov@example.c');
  await next.click();

  // 4. Status and journey, with one document.
  await field('currentCountry').waitFor();
  await field('currentCountry').selectOption('GE');
  await field('currentCity').fill('Tbilisi');
  await field('arrivalDate').fill('2026-09-25');
  await wizard.getByRole('button', { name: message(en, 'haven.form.add_document') }).click();
  await field('documents.0.kind').selectOption('international_passport');
  await field('documents.0.number').fill('75 1234567');
  await field('documents.0.issuingCountry').selectOption('RU');
  await field('documents.0.expiresOn').fill('2031-03-01');
  await next.click();

  // 5. Claim and military service.
  await field('caseType').waitFor();
  await field('caseType').selectOption('asylum');
  await field('jurisdiction').selectOption('GE');
  await wizard.getByLabel(message(en, 'haven.enums.ground.conscientious_objection')).check();
  await field('militaryStatus').selectOption('draft_evader_post_summons');
  await field('summonsKind').selectOption('electronic');
  await field('summonsDate').fill('2026-09-20');
  await field('claimSummary').fill(
    'Received an electronic summons and left for Georgia five days later.',
  );
  await next.click();

  // 6. Vulnerabilities (restricted) and family.
  await wizard.getByTestId('intake-restricted-vulnerabilities').waitFor();
  await wizard.getByLabel(message(en, 'haven.enums.vulnerability.detention_history')).check();
  const submit = wizard.getByRole('button', { name: message(en, 'haven.intake.submit') });
  await submit.click();

  // The server's 400 ("client.email must be an email address") lands at the email field, and the
  // wizard jumps back to the step that shows it, with everything still filled in.
  await wizard.getByText('client.email must be an email address').waitFor({ timeout: 15_000 });
  expect(await field('email').inputValue()).toBe('d.sokolov@example.c');
  expect(await field('phone').inputValue()).toBe('+995 555 12 34 56');
  await field('email').fill('d.sokolov@example.org');
  await wizard.getByTestId('intake-step-consent').click();
  expect(await field('consentLanguage').inputValue()).toBe('ru');
  await wizard.getByTestId('intake-step-vulnerabilities').click();
  await submit.click();

  // The new case page, with its generated reference.
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}\/show$/, { timeout: 15_000 });
  const reference = page.getByTestId('case-reference');
  await reference.waitFor();
  expect(await reference.innerText()).toMatch(/^HV-\d{4}-\d{5}$/);
  await page.getByTestId('case-client').getByText('Dmitrii Sokolov-Browser').waitFor();
  expect(await page.getByTestId('case-stage').innerText()).toBe(
    message(en, 'haven.enums.stage.intake'),
  );
  expect(errors).toEqual([]);
  await page.close();
});
