import { describe, expect, it } from 'vitest';
import { INTAKE_STEPS, stepOfPath } from './intakeDraft';
import { draftPath, mapIntakeErrors } from './intakeErrors';

const step = (name: (typeof INTAKE_STEPS)[number]) => INTAKE_STEPS.indexOf(name);

describe("mapping the server's 400 onto the wizard", () => {
  it('puts each "client.x" / "case.x" message at its field and jumps to the first step with one', () => {
    const mapped = mapIntakeErrors(
      'case.jurisdiction must be an ISO 3166-1 alpha-2 code such as DE; ' +
        'client.email must be an email address; ' +
        'client.nationality must be an ISO 3166-1 alpha-2 code such as RU',
    );
    expect(mapped.errors).toEqual({
      jurisdiction: 'case.jurisdiction must be an ISO 3166-1 alpha-2 code such as DE',
      email: 'client.email must be an email address',
      nationality: 'client.nationality must be an ISO 3166-1 alpha-2 code such as RU',
    });
    // Person comes before safety and claim, whatever order the server wrote them in.
    expect(mapped.firstStep).toBe(step('person'));
    expect(mapped.general).toEqual([]);
  });

  it('maps rows of lists to the row and field the user sees', () => {
    const mapped = mapIntakeErrors(
      'client.documents.1.kind must be one of the following values: internal_passport, visa; ' +
        'client.dependants.0.name must be longer than or equal to 1 characters; ' +
        'case.authorityReferences.0.reference must be a string',
    );
    expect(Object.keys(mapped.errors)).toEqual([
      'documents.1.kind',
      'dependants.0.name',
      'authorityReferences.0.reference',
    ]);
    expect(mapped.firstStep).toBe(step('status'));
  });

  it('flattens consent ("client.consent.givenOn") onto the consent fields', () => {
    const mapped = mapIntakeErrors(
      'client.consent.scopes: each value in scopes must be one of the following values: a, b; ' +
        'client.consent.givenOn must be a date YYYY-MM-DD, not in the future; ' +
        'client.consent.language must be an ISO 639-1 code',
    );
    expect(Object.keys(mapped.errors).sort()).toEqual([
      'consentGivenOn',
      'consentLanguage',
      'consentScopes',
    ]);
    expect(mapped.firstStep).toBe(step('consent'));
    expect(draftPath('client.consent')).toBe('consentGivenOn');
  });

  it('sends the missing legal basis back to the consent step', () => {
    const mapped = mapIntakeErrors(
      'processingBasis: without the client’s consent to data processing, name the legal basis used instead',
    );
    expect(Object.keys(mapped.errors)).toEqual(['processingBasis']);
    expect(mapped.firstStep).toBe(step('consent'));
  });

  it("knows the service's own unprefixed messages (assignment and team)", () => {
    const mapped = mapIntakeErrors('assignedToId: must be an active caseworker of the case’s team');
    expect(mapped.errors).toEqual({
      assignedToId: 'assignedToId: must be an active caseworker of the case’s team',
    });
    expect(mapped.firstStep).toBe(step('claim'));
    expect(
      mapIntakeErrors('teamId: required when an administrator opens a case').errors,
    ).toHaveProperty('teamId');
  });

  it('keeps the first message of a field and lists what names no field as general', () => {
    const mapped = mapIntakeErrors([
      'client.familyName must be shorter than or equal to 200 characters; client.familyName is required',
      'client.foo: unknown field; client is required',
      'Something else went wrong',
    ]);
    expect(mapped.errors).toEqual({
      familyName: 'client.familyName must be shorter than or equal to 200 characters',
    });
    expect(mapped.general).toEqual([
      'client.foo: unknown field',
      'client is required',
      'Something else went wrong',
    ]);
  });

  it('answers nothing for a message that is not text', () => {
    expect(mapIntakeErrors(undefined)).toEqual({ errors: {}, firstStep: null, general: [] });
  });

  it('finds the step of every field path', () => {
    expect(stepOfPath('givenName')).toBe(step('person'));
    expect(stepOfPath('phone')).toBe(step('safety'));
    expect(stepOfPath('stays.3.exitDate')).toBe(step('status'));
    expect(stepOfPath('serviceHistory')).toBe(step('claim'));
    expect(stepOfPath('sogiNotes')).toBe(step('vulnerabilities'));
    expect(stepOfPath('nonsense')).toBeNull();
  });
});
