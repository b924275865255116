import { describe, expect, it } from 'vitest';
import { buildIntakeBody } from './intakeBody';
import { EMPTY_ROWS, emptyDraft, type IntakeDraft } from './intakeDraft';
import { compactDraft } from './intakeRows';

const caseworker = { role: 'caseworker' as const, today: '2026-11-28' };

function draft(overrides: Partial<IntakeDraft> = {}): IntakeDraft {
  return {
    ...emptyDraft(),
    givenName: 'Dmitrii',
    familyName: 'Sokolov',
    sex: 'male',
    nationality: 'RU',
    caseType: 'asylum',
    jurisdiction: 'DE',
    ...overrides,
  };
}

describe('the intake body', () => {
  it('sends only what was given, with the server defaulting the rest', () => {
    expect(buildIntakeBody(draft(), caseworker)).toEqual({
      client: {
        givenName: 'Dmitrii',
        familyName: 'Sokolov',
        sex: 'male',
        nationality: 'RU',
        messagesAllowed: false,
      },
      case: { caseType: 'asylum', jurisdiction: 'DE', priority: 'normal' },
    });
  });

  it('trims text and never sends an empty string', () => {
    const body = buildIntakeBody(
      draft({
        givenName: '  Dmitrii ',
        nativeName: '  Дмитрий Соколов  ',
        phone: '   ',
        email: ' d@example.org ',
        currentCity: '',
        claimSummary: '\n Fled after a summons. \n',
        referralSource: '  ',
      }),
      caseworker,
    );
    expect(body.client).toMatchObject({
      givenName: 'Dmitrii',
      nativeName: 'Дмитрий Соколов',
      email: 'd@example.org',
    });
    expect(body.client).not.toHaveProperty('phone');
    expect(body.client).not.toHaveProperty('currentCity');
    expect(body.case.claimSummary).toBe('Fled after a summons.');
    expect(body.case).not.toHaveProperty('referralSource');
    expect(JSON.stringify(body)).not.toMatch(/""/);
  });

  it('drops empty rows, and empty fields inside rows', () => {
    const body = buildIntakeBody(
      draft({
        documents: [
          EMPTY_ROWS.documents(),
          {
            kind: 'international_passport',
            number: ' 75 1234567 ',
            issuingCountry: 'RU',
            expiresOn: '',
          },
        ],
        stays: [{ entryDate: '2026-09-20', exitDate: '' }, EMPTY_ROWS.stays()],
        dependants: [
          { name: ' Masha ', relationship: 'daughter', dateOfBirth: '', accompanying: false },
        ],
        authorityReferences: [EMPTY_ROWS.authorityReferences()],
      }),
      caseworker,
    );
    expect(body.client.documents).toEqual([
      { kind: 'international_passport', number: '75 1234567', issuingCountry: 'RU' },
    ]);
    expect(body.client.stays).toEqual([{ entryDate: '2026-09-20' }]);
    expect(body.client.dependants).toEqual([
      { name: 'Masha', relationship: 'daughter', accompanying: false },
    ]);
    expect(body.case).not.toHaveProperty('authorityReferences');
  });

  it('sends consent whole or not at all, and lists without duplicates', () => {
    expect(buildIntakeBody(draft(), caseworker).client).not.toHaveProperty('consent');
    const body = buildIntakeBody(
      draft({
        consentScopes: ['data_processing', 'data_processing', 'legal_representation'],
        consentGivenOn: '2026-11-27',
        consentLanguage: 'ru',
        languages: ['ru', 'en', 'ru'],
        grounds: ['political_opinion'],
      }),
      caseworker,
    );
    expect(body.client.consent).toEqual({
      scopes: ['data_processing', 'legal_representation'],
      givenOn: '2026-11-27',
      language: 'ru',
    });
    expect(body.client.languages).toEqual(['ru', 'en']);
    expect(body.case.grounds).toEqual(['political_opinion']);
  });

  it('names the legal basis used instead of consent only when consent to data processing is missing', () => {
    const none = buildIntakeBody(draft({ processingBasis: 'legal_claims' }), caseworker);
    expect(none.processingBasis).toBe('legal_claims');
    const consented = buildIntakeBody(
      draft({
        processingBasis: 'legal_claims',
        consentScopes: ['data_processing'],
        consentGivenOn: '2026-11-27',
        consentLanguage: 'ru',
      }),
      caseworker,
    );
    expect(consented).not.toHaveProperty('processingBasis');
    expect(buildIntakeBody(draft(), caseworker)).not.toHaveProperty('processingBasis');
  });

  it('leaves out fields the wizard hides: summons date without a summons, desertion date of a non-deserter', () => {
    const hidden = buildIntakeBody(
      draft({
        summonsKind: 'none',
        summonsDate: '2026-10-01',
        militaryStatus: 'draft_evader_pre_summons',
        desertionDate: '2026-10-02',
      }),
      caseworker,
    );
    expect(hidden.case).not.toHaveProperty('summonsDate');
    expect(hidden.case).not.toHaveProperty('desertionDate');
    const shown = buildIntakeBody(
      draft({
        summonsKind: 'electronic',
        summonsDate: '2026-10-01',
        militaryStatus: 'deserter',
        desertionDate: '2026-10-02',
      }),
      caseworker,
    );
    expect(shown.case).toMatchObject({ summonsDate: '2026-10-01', desertionDate: '2026-10-02' });
  });

  it('sends the date-of-birth "approximate" flag only with a date', () => {
    expect(
      buildIntakeBody(draft({ dateOfBirthApproximate: true }), caseworker).client,
    ).not.toHaveProperty('dateOfBirthApproximate');
    expect(
      buildIntakeBody(
        draft({ dateOfBirth: '1990-01-01', dateOfBirthApproximate: true }),
        caseworker,
      ).client,
    ).toMatchObject({ dateOfBirth: '1990-01-01', dateOfBirthApproximate: true });
  });

  it('sends the assignment only where the role may give it', () => {
    const values = draft({ assignedToId: 'u-2', teamId: 't-1' });
    expect(buildIntakeBody(values, caseworker).case).not.toHaveProperty('assignedToId');
    expect(buildIntakeBody(values, caseworker).case).not.toHaveProperty('teamId');
    expect(buildIntakeBody(values, { ...caseworker, role: 'supervisor' }).case).toMatchObject({
      assignedToId: 'u-2',
    });
    expect(buildIntakeBody(values, { ...caseworker, role: 'supervisor' }).case).not.toHaveProperty(
      'teamId',
    );
    expect(buildIntakeBody(values, { ...caseworker, role: 'admin' }).case).toMatchObject({
      assignedToId: 'u-2',
      teamId: 't-1',
    });
    // Supervisor leaving "assign to" empty: the case waits in the team's queue.
    expect(buildIntakeBody(draft(), { ...caseworker, role: 'supervisor' }).case).not.toHaveProperty(
      'assignedToId',
    );
  });

  it('compacts the draft so that server row numbers match the rows shown', () => {
    const compacted = compactDraft(
      draft({
        documents: [EMPTY_ROWS.documents(), { ...EMPTY_ROWS.documents(), kind: 'visa' }],
        dependants: [EMPTY_ROWS.dependants()],
      }),
    );
    expect(compacted.documents).toEqual([{ ...EMPTY_ROWS.documents(), kind: 'visa' }]);
    expect(compacted.dependants).toEqual([]);
  });
});
