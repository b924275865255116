import { describe, expect, it } from 'vitest';
import {
  CASE_ONLY_STEPS,
  EMPTY_ROWS,
  INTAKE_STEPS,
  emptyDraft,
  type IntakeDraft,
} from './intakeDraft';
import { validateIntake, validateIntakeStep } from './intakeValidation';

const context = { role: 'caseworker' as const, today: '2026-11-28' };

function draft(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    ...emptyDraft(),
    givenName: 'Dmitrii',
    familyName: 'Sokolov',
    sex: 'male',
    nationality: 'RU',
    caseType: 'asylum',
    jurisdiction: 'DE',
    processingBasis: 'legal_claims',
    ...overrides,
  };
}

describe('intake checks, step by step', () => {
  it('passes a minimal complete intake', () => {
    expect(validateIntake(draft(), context)).toEqual({ errors: {}, firstStep: null });
  });

  it('requires names, sex and nationality on the person step', () => {
    const errors = validateIntakeStep('person', emptyDraft(), context);
    expect(errors).toEqual({
      givenName: 'ra.validation.required',
      familyName: 'ra.validation.required',
      sex: 'ra.validation.required',
      nationality: 'ra.validation.required',
    });
  });

  it('rejects a birth date in the future and an impossible date', () => {
    expect(validateIntakeStep('person', draft({ dateOfBirth: '2026-11-29' }), context)).toEqual({
      dateOfBirth: 'haven.validation.not_future',
    });
    expect(validateIntakeStep('person', draft({ dateOfBirth: '1990-02-31' }), context)).toEqual({
      dateOfBirth: 'haven.validation.day',
    });
  });

  it('checks phone and email formats as the server does', () => {
    expect(
      validateIntakeStep('safety', draft({ phone: 'call me', email: 'nope' }), context),
    ).toEqual({
      phone: 'haven.validation.phone',
      email: 'ra.validation.email',
    });
    expect(
      validateIntakeStep(
        'safety',
        draft({ phone: '+995 (32) 123-45-67', email: 'a@b.ge' }),
        context,
      ),
    ).toEqual({});
  });

  it('checks rows that were filled in, and ignores rows left empty', () => {
    const errors = validateIntakeStep(
      'status',
      draft({
        stays: [EMPTY_ROWS.stays(), { entryDate: '2026-10-10', exitDate: '2026-10-01' }],
        documents: [{ ...EMPTY_ROWS.documents(), number: '123' }],
      }),
      context,
    );
    expect(errors).toEqual({
      'stays.1.exitDate': 'haven.validation.exit_before_entry',
      'documents.0.kind': 'ra.validation.required',
    });
  });

  it('requires case type and jurisdiction, and a team from an administrator', () => {
    expect(
      validateIntakeStep('claim', draft({ caseType: '', jurisdiction: 'de' }), context),
    ).toEqual({
      caseType: 'ra.validation.required',
      jurisdiction: 'haven.validation.country',
    });
    expect(validateIntakeStep('claim', draft(), { ...context, role: 'admin' })).toEqual({
      teamId: 'ra.validation.required',
    });
  });

  it('checks a summons date only once a summons was served', () => {
    expect(
      validateIntakeStep(
        'claim',
        draft({ summonsKind: 'none', summonsDate: '2030-01-01' }),
        context,
      ),
    ).toEqual({});
    expect(
      validateIntakeStep(
        'claim',
        draft({ summonsKind: 'paper', summonsDate: '2030-01-01' }),
        context,
      ),
    ).toEqual({ summonsDate: 'haven.validation.not_future' });
  });

  it('wants consent complete once any part of it is given', () => {
    expect(
      validateIntakeStep('consent', draft({ consentScopes: ['data_processing'] }), context),
    ).toEqual({
      consentGivenOn: 'ra.validation.required',
      consentLanguage: 'ra.validation.required',
    });
  });

  it('asks consent before the restricted steps', () => {
    const order = (step: string) => INTAKE_STEPS.indexOf(step as (typeof INTAKE_STEPS)[number]);
    expect(order('consent')).toBeGreaterThanOrEqual(0);
    expect(order('consent')).toBeLessThan(order('claim'));
    expect(order('consent')).toBeLessThan(order('vulnerabilities'));
  });

  it('without consent to data processing, wants the legal basis used instead', () => {
    const none = draft({ processingBasis: '' });
    expect(validateIntakeStep('consent', none, context)).toEqual({
      processingBasis: 'ra.validation.required',
    });
    expect(validateIntake(none, context).firstStep).toBe(INTAKE_STEPS.indexOf('consent'));
    // Consent itself is not a basis that stands in for consent.
    expect(
      Object.keys(validateIntakeStep('consent', draft({ processingBasis: 'consent' }), context)),
    ).toEqual(['processingBasis']);
    // With consent to data processing, no other basis is asked for.
    expect(
      validateIntakeStep(
        'consent',
        draft({
          processingBasis: '',
          consentScopes: ['data_processing'],
          consentGivenOn: '2026-11-01',
          consentLanguage: 'ru',
        }),
        context,
      ),
    ).toEqual({});
  });

  it('says which step fails first', () => {
    const result = validateIntake(draft({ email: 'x', jurisdiction: '' }), context);
    expect(result.firstStep).toBe(INTAKE_STEPS.indexOf('safety'));
    expect(Object.keys(result.errors)).toEqual(['email', 'jurisdiction']);
  });

  it('checks only the case step for a known client', () => {
    const result = validateIntake(
      { ...emptyDraft(), caseType: 'asylum', jurisdiction: '' },
      context,
      CASE_ONLY_STEPS,
    );
    expect(result).toEqual({ errors: { jurisdiction: 'ra.validation.required' }, firstStep: 0 });
  });

  it('limits text to the server lengths', () => {
    expect(validateIntakeStep('person', draft({ givenName: 'x'.repeat(201) }), context)).toEqual({
      givenName: { message: 'ra.validation.maxLength', args: { max: 200 } },
    });
  });
});
