import type { TestApp } from './harness.js';

let counter = 0;

/** A valid intake body; override any part. */
export function intakeBody(
  overrides: { client?: Record<string, unknown>; case?: Record<string, unknown> } = {},
) {
  counter++;
  return {
    client: {
      givenName: 'Dmitrii',
      familyName: `Sokolov${counter}`,
      nativeName: 'Дмитрий Андреевич Соколов',
      dateOfBirth: '1994-05-17',
      sex: 'male',
      nationality: 'RU',
      languages: ['ru', 'en'],
      phone: '+995 555 12 34 56',
      safeContactChannel: 'signal',
      messagesAllowed: false,
      currentCountry: 'GE',
      currentCity: 'Tbilisi',
      arrivalDate: '2022-09-27',
      entryRoute: 'Verkhny Lars by car',
      documents: [
        {
          kind: 'international_passport',
          number: '75 1234567',
          issuingCountry: 'RU',
          expiresOn: '2027-03-01',
        },
      ],
      consent: {
        scopes: ['data_processing', 'legal_representation'],
        givenOn: '2026-11-02',
        language: 'ru',
      },
      vulnerabilities: ['mental_health'],
      religion: 'Orthodox Christian, non-practising',
      healthNotes: 'Panic attacks since the summons arrived',
      ...overrides.client,
    },
    case: {
      caseType: 'asylum',
      jurisdiction: 'DE',
      priority: 'high',
      grounds: ['conscientious_objection', 'political_opinion'],
      militaryStatus: 'draft_evader_post_summons',
      summonsKind: 'paper',
      summonsDate: '2022-09-23',
      referralSource: 'Hotline',
      claimSummary: 'Received a paper summons on 23 September 2022 and left four days later.',
      ...overrides.case,
    },
  };
}

/** Runs an intake as the given account and returns `{client, case}`. */
export async function intake(
  t: TestApp,
  email: string,
  overrides: Parameters<typeof intakeBody>[0] = {},
) {
  const response = await t
    .http()
    .post('/api/intake')
    .set('Authorization', await t.tokenFor(email))
    .send(intakeBody(overrides));
  if (response.status !== 201)
    throw new Error(`intake as ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as {
    client: { id: string; reference: string; version: number };
    case: {
      id: string;
      reference: string;
      version: number;
      teamId: string;
      assignedToId: string | null;
    };
  };
}

/** Rows of case_search that differ from its definition recomputed over every case (both ways). */
export function caseSearchDrift(t: TestApp): Promise<unknown[]> {
  return t.dataSource.query(
    `(SELECT * FROM case_search EXCEPT SELECT * FROM case_search_rows(ARRAY(SELECT id FROM legal_case)))
     UNION ALL
     (SELECT * FROM case_search_rows(ARRAY(SELECT id FROM legal_case)) EXCEPT SELECT * FROM case_search)`,
  );
}
