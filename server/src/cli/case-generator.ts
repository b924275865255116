import { documentRows } from './document-rows.js';
import { randomUUID } from 'node:crypto';
import type {
  CaseType,
  ContactChannel,
  Ground,
  MilitaryStatus,
  Outcome,
  Priority,
  Stage,
  SummonsKind,
  Vulnerability,
} from '@haven/shared';
import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import { exec } from '../database/sql.js';
import { caseContext, sealCaseField } from '../cases/case.mapper.js';
import {
  clientContext,
  phoneDigits,
  sealClientField,
  type ClientEncryptedField,
} from '../clients/client.mapper.js';
import type { FieldEncryption } from '../encryption/field-encryption.js';
import { POOLS, addDays, person, pick, weighted } from './people.js';
import {
  deemedService,
  stayRulesFor,
  suggestRules,
  type DeadlineExplanation,
  type Outcome as CaseOutcome,
  type ProcedureTrack,
  type ServiceMethod,
  type StayPeriod,
} from '@haven/shared';
import { computeDeadline } from '../deadlines/compute.js';
import { clientNameKey } from '../duplicates/name-key.js';
import { fieldContext } from '../encryption/field-encryption.js';

export interface StaffMember {
  id: string;
  teamId: string;
}

interface Profile {
  pool: number;
  weight: number;
  male: number;
  jurisdictions: [string, number][];
  caseTypes: [CaseType, number][];
  military: [MilitaryStatus, number][];
  grounds: Ground[];
  cities: Record<string, string[]>;
}

/** Realistic proportions for the four populations Haven's NGOs mostly serve. */
const PROFILES: Profile[] = [
  {
    pool: 0,
    weight: 60,
    male: 0.86,
    jurisdictions: [
      ['DE', 18],
      ['FR', 8],
      ['FI', 5],
      ['EE', 3],
      ['LV', 3],
      ['PL', 4],
      ['GE', 22],
      ['KZ', 18],
      ['AM', 8],
      ['RS', 4],
      ['TR', 3],
      ['IL', 2],
      ['MN', 2],
    ],
    caseTypes: [
      ['asylum', 55],
      ['stay_extension', 20],
      ['residence_permit', 12],
      ['humanitarian_visa', 8],
      ['family_reunification', 5],
    ],
    military: [
      ['draft_evader_pre_summons', 30],
      ['draft_evader_post_summons', 25],
      ['deserter', 8],
      ['mobilised_reservist', 7],
      ['conscript', 4],
      ['contract_soldier', 3],
      ['none', 15],
      ['unknown', 8],
    ],
    grounds: [
      'conscientious_objection',
      'political_opinion',
      'unlawful_conflict',
      'particular_social_group',
      'religion',
    ],
    cities: {
      GE: ['Tbilisi', 'Batumi', 'Kutaisi'],
      KZ: ['Almaty', 'Astana', 'Uralsk'],
      AM: ['Yerevan', 'Gyumri'],
      DE: ['Berlin', 'Munich', 'Hamburg'],
      RS: ['Belgrade', 'Novi Sad'],
    },
  },
  {
    pool: 1,
    weight: 20,
    male: 0.7,
    jurisdictions: [
      ['DE', 30],
      ['GB', 20],
      ['CA', 15],
      ['US', 10],
      ['FR', 10],
      ['IL', 15],
    ],
    caseTypes: [
      ['asylum', 75],
      ['family_reunification', 15],
      ['resettlement', 10],
    ],
    military: [
      ['national_service', 55],
      ['deserter', 25],
      ['none', 10],
      ['unknown', 10],
    ],
    grounds: [
      'conscientious_objection',
      'conditions_of_service',
      'political_opinion',
      'religion',
      'torture',
    ],
    cities: {
      DE: ['Frankfurt', 'Berlin', 'Cologne'],
      GB: ['London', 'Birmingham'],
      IL: ['Tel Aviv'],
    },
  },
  {
    pool: 2,
    weight: 12,
    male: 0.3,
    jurisdictions: [
      ['DE', 35],
      ['PL', 30],
      ['FR', 10],
      ['FI', 10],
      ['EE', 8],
      ['LV', 7],
    ],
    caseTypes: [
      ['temporary_protection', 80],
      ['residence_permit', 15],
      ['asylum', 5],
    ],
    military: [
      ['none', 85],
      ['unknown', 15],
    ],
    grounds: ['indiscriminate_violence', 'political_opinion'],
    cities: { DE: ['Berlin', 'Leipzig'], PL: ['Warsaw', 'Kraków', 'Wrocław'] },
  },
  {
    pool: 3,
    weight: 8,
    male: 0.6,
    jurisdictions: [
      ['PL', 40],
      ['LV', 20],
      ['EE', 15],
      ['DE', 15],
      ['GE', 10],
    ],
    caseTypes: [
      ['asylum', 70],
      ['humanitarian_visa', 20],
      ['residence_permit', 10],
    ],
    military: [
      ['draft_evader_pre_summons', 15],
      ['none', 70],
      ['unknown', 15],
    ],
    grounds: ['political_opinion', 'particular_social_group', 'conscientious_objection'],
    cities: { PL: ['Warsaw', 'Białystok'], LV: ['Riga'], EE: ['Tallinn'] },
  },
];

const STAGE_WEIGHTS: [Stage, number][] = [
  ['intake', 10],
  ['assessment', 15],
  ['preparation', 15],
  ['lodged', 15],
  ['interview', 10],
  ['decision', 9],
  ['appeal', 8],
  ['closed', 18],
];
const OUTCOME_WEIGHTS: [Outcome, number][] = [
  ['refugee_status', 22],
  ['subsidiary_protection', 12],
  ['humanitarian_protection', 6],
  ['temporary_protection', 10],
  ['rejected', 20],
  ['rejected_manifestly_unfounded', 4],
  ['inadmissible', 4],
  ['dublin_transfer', 4],
  ['withdrawn', 6],
  ['abandoned', 5],
  ['no_longer_assisted', 7],
];
const PRIORITY_WEIGHTS: [Priority, number][] = [
  ['low', 15],
  ['normal', 60],
  ['high', 18],
  ['urgent', 7],
];
const CHANNELS: ContactChannel[] = [
  'signal',
  'telegram',
  'whatsapp',
  'phone',
  'email',
  'in_person',
  'via_lawyer',
];
const VULNERABILITY_POOL: Vulnerability[] = [
  'mental_health',
  'torture_survivor',
  'serious_illness',
  'lgbtqi',
  'single_parent',
  'detention_history',
  'disability',
];
const REFERRALS = [
  'Hotline',
  'Partner NGO',
  'Telegram channel',
  'Walk-in',
  'Lawyer referral',
  'UNHCR',
  'Friend or family',
];
const SUMMARIES = [
  'Left after the mobilisation order of September 2022; fears prosecution under Art. 328 and 339 of the Criminal Code.',
  'Received a summons through the Gosuslugi portal; the electronic register marks it delivered. Refuses to take part in the war.',
  'Served in the army; witnessed the shelling of civilian areas and deserted rather than continue.',
  'Open-ended national service since school; detained twice for trying to leave; escaped across the border.',
  'Organised anti-war pickets; administrative arrests and a criminal case for "discrediting the army".',
  'Conscientious objector on religious grounds; alternative service refused by the commissariat.',
  'Fled shelling of the home town with two children; temporary protection application pending.',
];
/**
 * How far back the generated history reaches: cases were opened over the last HISTORY_DAYS days,
 * counted from the day the data is generated (never a fixed calendar date, so a demo made any day
 * looks the same relative to it).
 */
export const HISTORY_DAYS = 1538;

/** An instant of what already happened, moved back to an hour ago if it would lie in the future. */
export function notInFuture(instant: string, now = Date.now()): string {
  return Date.parse(instant) > now ? new Date(now - 3_600_000).toISOString() : instant;
}

export interface GeneratedRows {
  clients: unknown[][];
  cases: unknown[][];
  deadlines: unknown[][];
  notes: unknown[][];
  tasks: unknown[][];
  /** Metadata-only document rows (the benchmark's seed; none for the demo). */
  documents: unknown[][];
}

export const DEADLINE_COLUMNS = [
  'id',
  'case_id',
  'kind',
  'title',
  'due_on',
  'rule_id',
  'rule_version',
  'trigger_date',
  'explanation_code',
  'explanation_params',
  'source',
  'status',
  'completed_at',
  'created_at',
];
export const TASK_COLUMNS = [
  'id',
  'case_id',
  'team_id',
  'title',
  'status',
  'priority',
  'assignee_id',
  'due_on',
  'submitted_at',
  'completed_at',
  'created_at',
];
const TASK_TITLES = [
  'Get the summons translated',
  'Collect the medical report',
  'Call the client about the interview',
  'Draft the statement of facts',
  'Check the COI report for the region',
  'Request the file from the authority',
  'Book an interpreter',
];
export const NOTE_COLUMNS = [
  'id',
  'case_id',
  'ground',
  'title',
  'body',
  'evidence',
  'evidence_count',
  'strength',
  'status',
  'author_id',
  'created_at',
  'updated_at',
];

const NOTE_TEXT: Record<string, [string, string]> = {
  conscientious_objection: [
    'Objection to military service',
    'Raised in a pacifist family; has refused to handle weapons since school. Asked for alternative civilian service in 2022; the commissariat refused.',
  ],
  political_opinion: [
    'Anti-war activity',
    'Took part in anti-war pickets; two administrative arrests. A criminal case for "discrediting the army" is likely.',
  ],
  unlawful_conflict: [
    'Refusal to take part in war crimes',
    'The unit was ordered to shell residential areas. Refused and left; fears prosecution for desertion.',
  ],
  conditions_of_service: [
    'Treatment inside the army',
    'Beaten by officers during basic training; denied medical care.',
  ],
  particular_social_group: [
    'Member of a persecuted group',
    'Belongs to a group singled out for mobilisation and ill-treatment.',
  ],
  religion: [
    'Religious objection',
    'Member of a religious community that forbids bearing arms; the community is banned.',
  ],
  indiscriminate_violence: [
    'Fighting in the home region',
    'The home town is under daily shelling; no safe part of the country to return to.',
  ],
  torture: [
    'Ill-treatment in detention',
    'Detained for three days after a protest; beaten during interrogation.',
  ],
};
const EVIDENCE_BY_GROUND: Record<string, string[]> = {
  conscientious_objection: ['summons_paper', 'membership_letter', 'witness_statement'],
  political_opinion: ['admin_arrest_record', 'media_social_media', 'photo_video'],
  unlawful_conflict: ['military_id', 'witness_statement', 'coi_report'],
  conditions_of_service: ['medical_report', 'military_id'],
  torture: ['medical_report', 'psych_report'],
};

export const CLIENT_COLUMNS = [
  'id',
  'reference',
  'given_name',
  'family_name',
  'native_name',
  'date_of_birth',
  'date_of_birth_approximate',
  'sex',
  'nationality',
  'languages',
  'phone',
  'safe_contact_channel',
  'messages_allowed',
  'current_country',
  'current_city',
  'arrival_date',
  'documents',
  'consent',
  'vulnerabilities',
  'religion',
  'created_at',
  'name_key',
  'stays',
  'phone_index',
];
export const CASE_COLUMNS = [
  'id',
  'reference',
  'client_id',
  'case_type',
  'jurisdiction',
  'stage',
  'outcome',
  'priority',
  'assigned_to_id',
  'team_id',
  'grounds',
  'military_status',
  'summons_kind',
  'summons_date',
  'referral_source',
  'decision_served_on',
  'procedure_track',
  'decision_received_on',
  'service_method',
  'opened_on',
  'closed_on',
  'last_activity_at',
  'claim_summary',
  'created_at',
];

/**
 * A case the demo must show whatever the PRNG draws (a client in every host country, a decision of
 * every kind of track): the population (0 Russian, 1 Eritrean, 2 Ukrainian, 3 Belarusian), where,
 * how far, and for whom.
 */
export interface ShowcaseCase {
  pool: number;
  jurisdiction: string;
  stage: Stage;
  caseType?: CaseType;
  outcome?: Outcome | null;
  track?: ProcedureTrack;
  assignTo: StaffMember;
}

/** Generates one client with one case (a few returning clients get a second). */
export function generate(
  rand: () => number,
  staff: { caseworkers: StaffMember[]; teams: string[] },
  reference: (prefix: 'CL' | 'HV', year: number) => string,
  crypto: FieldEncryption,
  today: string,
  showcase?: ShowcaseCase,
  /** A PRNG of its own for document rows, so that adding them leaves the rest of the data as it was. */
  documentRand?: () => number,
): GeneratedRows {
  const profile = showcase
    ? PROFILES[showcase.pool]
    : weighted(
        rand,
        PROFILES.map((p) => [p, p.weight] as const),
      );
  const sex = rand() < profile.male ? 'male' : 'female';
  const who = person(rand, POOLS[profile.pool], sex);
  const jurisdiction = showcase?.jurisdiction ?? weighted(rand, profile.jurisdictions);
  // Every date below is relative to `today`; what already happened is never after now.
  const now = Date.now();
  const past = (instant: string) => notInFuture(instant, now);
  const opened = addDays(
    addDays(today, -HISTORY_DAYS),
    Math.floor(Math.pow(rand(), 0.7) * HISTORY_DAYS),
  );
  const arrival = addDays(opened, -Math.floor(rand() * 120));
  const birth = addDays('1960-01-01', Math.floor(rand() * 365 * (sex === 'male' ? 42 : 50)));
  const clientId = randomUUID();
  const year = Number(opened.slice(0, 4));
  const vulnerabilities = rand() < 0.3 ? [pick(rand, VULNERABILITY_POOL)] : [];
  // Encrypted as the application writes them (client.mapper.ts), bound to the row.
  const seal = (field: ClientEncryptedField, value: unknown) =>
    sealClientField(crypto, field, clientId, value);
  // Drawn in its place among the others (the PRNG's order makes the data set).
  let phone = '';
  const client = [
    clientId,
    reference('CL', year),
    who.givenName,
    who.familyName,
    who.nativeName,
    birth,
    rand() < 0.08,
    who.sex,
    who.nationality,
    who.languages,
    seal('phone', (phone = `+${Math.floor(1e10 + rand() * 9e10)}`)),
    seal('safeContactChannel', pick(rand, CHANNELS)),
    rand() < 0.5,
    jurisdiction,
    seal('currentCity', pick(rand, profile.cities[jurisdiction] ?? ['—']).replace('—', '') || null),
    arrival,
    seal(
      'documents',
      rand() < 0.8
        ? [
            {
              kind: 'international_passport',
              number: null,
              issuingCountry: who.nationality,
              expiresOn: addDays(opened, Math.floor(rand() * 3650)),
            },
          ]
        : [],
    ),
    JSON.stringify({
      scopes: ['data_processing', 'legal_representation'],
      givenOn: opened,
      language: who.languages[0],
    }),
    vulnerabilities.length
      ? crypto.encryptJson(vulnerabilities, clientContext('vulnerabilities', clientId))
      : null,
    null,
    past(`${opened}T10:00:00Z`),
    clientNameKey(who.givenName, who.familyName, who.nativeName),
    JSON.stringify(staysFor(rand, jurisdiction, who.nationality, today, showcase ? 40 : 80)),
    crypto.blindIndex('phone', phoneDigits(phone)),
  ];
  const cases: unknown[][] = [];
  const deadlines: unknown[][] = [];
  const notes: unknown[][] = [];
  const documents: unknown[][] = [];
  const tasks: unknown[][] = [];
  const count = showcase ? 1 : rand() < 0.06 ? 2 : 1;
  for (let i = 0; i < count; i++) {
    const caseId = randomUUID();
    const worker = showcase?.assignTo ?? pick(rand, staff.caseworkers);
    const stage = showcase?.stage ?? weighted(rand, STAGE_WEIGHTS);
    const outcome =
      showcase?.outcome !== undefined
        ? showcase.outcome
        : stage === 'closed' || (stage === 'appeal' && rand() < 0.9)
          ? weighted(rand, OUTCOME_WEIGHTS)
          : null;
    // Never after today: a later case of the same client, or a closing, cannot lie in the future.
    const notAfterToday = (day: string) => (day > today ? today : day);
    const caseOpened = i === 0 ? opened : notAfterToday(addDays(opened, Math.floor(rand() * 200)));
    const closedOn =
      stage === 'closed' ? notAfterToday(addDays(caseOpened, 30 + Math.floor(rand() * 400))) : null;
    const military = weighted(rand, profile.military);
    const summons: SummonsKind =
      military === 'draft_evader_post_summons'
        ? pick(rand, ['paper', 'electronic', 'both'] as const)
        : 'none';
    const grounds = [
      ...new Set([
        pick(rand, profile.grounds),
        ...(rand() < 0.4 ? [pick(rand, profile.grounds)] : []),
      ]),
    ];
    const unassigned = !showcase && stage === 'intake' && rand() < 0.25;
    const decision = ['decision', 'appeal', 'closed'].includes(stage)
      ? decisionOf(rand, {
          jurisdiction,
          outcome,
          track: showcase?.track,
          // A decision awaiting its appeal was served in the last fortnight: the demo always has
          // appeal periods running. Older stages: months after opening.
          servedOn:
            stage === 'decision'
              ? addDays(today, -1 - Math.floor(rand() * (showcase ? 3 : 12)))
              : notAfterToday(addDays(caseOpened, 60 + Math.floor(rand() * 200))),
        })
      : null;
    cases.push([
      caseId,
      reference('HV', Number(caseOpened.slice(0, 4))),
      clientId,
      showcase?.caseType ?? weighted(rand, profile.caseTypes),
      jurisdiction,
      stage,
      outcome,
      weighted(rand, PRIORITY_WEIGHTS),
      unassigned ? null : worker.id,
      worker.teamId,
      grounds,
      military,
      summons,
      sealCaseField(
        crypto,
        'summonsDate',
        caseId,
        summons === 'none' ? null : addDays(arrival, -Math.floor(rand() * 10) - 1),
      ),
      pick(rand, REFERRALS),
      decision?.servedOn ?? null,
      decision?.track ?? 'unknown',
      decision?.receivedOn ?? null,
      decision?.method ?? null,
      caseOpened,
      closedOn && closedOn > today ? today : closedOn,
      past(`${addDays(caseOpened, Math.floor(rand() * 60))}T12:00:00Z`),
      crypto.encrypt(pick(rand, SUMMARIES), caseContext('claimSummary', caseId)),
      past(`${caseOpened}T10:05:00Z`),
    ]);
    const deadline = (
      kind: string,
      title: string,
      dueOn: string,
      rule: { id: string; version: number } | null = null,
      trigger: string | null = null,
      explanation: DeadlineExplanation | null = null,
    ) => {
      const overdue = dueOn < today;
      const settled = !overdue
        ? 'open'
        : weighted(rand, [
            ['done', 85],
            ['missed', 4],
            ['waived', 11],
          ] as const);
      // One passed in the last week on an open case is often not marked yet: overdue.
      const status =
        settled === 'done' && stage !== 'closed' && dueOn >= addDays(today, -7) ? 'open' : settled;
      // Titles are encrypted as the application writes them, bound to the row's id.
      const deadlineId = randomUUID();
      deadlines.push([
        deadlineId,
        caseId,
        kind,
        crypto.encrypt(title, fieldContext('deadline', 'title', deadlineId)),
        dueOn,
        rule?.id ?? null,
        rule?.version ?? null,
        trigger,
        explanation?.code ?? null,
        explanation ? JSON.stringify(explanation.params) : null,
        rule ? 'rule' : 'manual',
        stage === 'closed' && !overdue ? 'waived' : status,
        // A closed case's deadlines still ahead were waived when it closed.
        stage === 'closed' && !overdue
          ? past(`${closedOn ?? today}T16:00:00Z`)
          : status === 'open'
            ? null
            : past(`${dueOn}T16:00:00Z`),
        past(`${caseOpened}T11:00:00Z`),
      ]);
    };
    // A case still at a stage is still heading for its next step: when the usual delay after the
    // opening has long passed, the step falls around today instead (a week overdue to weeks ahead),
    // so open cases have deadlines this week and some overdue, whenever the data is made.
    const upcoming = (days: number, spread: number) =>
      addDays(caseOpened, days) < addDays(today, -7)
        ? addDays(today, -7 + (days % spread))
        : addDays(caseOpened, days);
    if (['intake', 'assessment'].includes(stage))
      deadline('filing', 'Lodge the application', upcoming(21 + Math.floor(rand() * 40), 40));
    if (['lodged', 'interview'].includes(stage))
      deadline('interview', 'Asylum interview', upcoming(60 + Math.floor(rand() * 160), 50));
    if (decision) {
      // The deadlines the decision starts, as Haven suggests them: one appeal rule for the
      // decision's track (none while the track is unknown: the case page asks).
      const { rules } = suggestRules({
        jurisdiction,
        outcome,
        procedureTrack: decision.track,
        servedOn: decision.servedOn,
        nationality: who.nationality,
      });
      for (const rule of rules) {
        const computed = computeDeadline(rule, decision.servedOn);
        deadline(
          rule.kind,
          rule.description,
          computed.dueOn,
          rule,
          decision.servedOn,
          computed.explanation,
        );
      }
    }
    if (stage !== 'closed') {
      for (let k = Math.floor(rand() * 3); k > 0; k--) {
        const status = weighted(rand, [
          ['open', 45],
          ['in_progress', 25],
          ['in_review', 8],
          ['done', 22],
        ] as const);
        const teamQueue = status === 'open' && rand() < 0.15;
        // Done tasks were due after the opening; unfinished ones from two weeks ago (overdue) to a
        // month ahead, so every day's demo has tasks overdue and due this week.
        const offset = Math.floor(rand() * 300);
        const due =
          status === 'done'
            ? notAfterToday(addDays(caseOpened, 10 + offset))
            : addDays(today, -14 + (offset % 45));
        const taskId = randomUUID();
        tasks.push([
          taskId,
          caseId,
          worker.teamId,
          crypto.encrypt(pick(rand, TASK_TITLES), fieldContext('task', 'title', taskId)),
          status,
          weighted(rand, PRIORITY_WEIGHTS),
          teamQueue || unassigned ? null : worker.id,
          due,
          status === 'in_review' ? past(`${notAfterToday(due)}T09:00:00Z`) : null,
          status === 'done' ? past(`${due}T17:00:00Z`) : null,
          past(`${caseOpened}T12:00:00Z`),
        ]);
      }
    }
    if (documentRand)
      documents.push(
        ...documentRows(documentRand, crypto, {
          caseId,
          stage,
          uploadedById: worker.id,
          openedOn: caseOpened,
          today,
          language: who.languages[0] ?? 'ru',
        }),
      );
    if (stage !== 'intake' && rand() < 0.85) {
      for (const ground of grounds.slice(0, 2)) {
        const [title, text] = NOTE_TEXT[ground] ?? [
          'Grounds of claim',
          'Facts and evidence to be recorded.',
        ];
        const noteId = randomUUID();
        const kinds = EVIDENCE_BY_GROUND[ground] ?? ['witness_statement'];
        const evidence = kinds.slice(0, Math.floor(rand() * (kinds.length + 1))).map((kind) => ({
          kind,
          description: `${kind.replace(/_/g, ' ')} (copy on file)`,
          reference: null,
          original: rand() < 0.3,
          language: who.languages[0],
          translated: rand() < 0.5,
        }));
        const at = past(
          `${notAfterToday(addDays(caseOpened, 5 + Math.floor(rand() * 30)))}T09:00:00Z`,
        );
        notes.push([
          noteId,
          caseId,
          ground,
          crypto.encrypt(title, fieldContext('note', 'title', noteId)),
          crypto.encrypt(text, fieldContext('note', 'body', noteId)),
          evidence.length
            ? crypto.encryptJson(evidence, fieldContext('note', 'evidence', noteId))
            : null,
          evidence.length,
          weighted(rand, [
            ['strong', 25],
            ['moderate', 40],
            ['weak', 15],
            ['unassessed', 20],
          ] as const),
          'active',
          worker.id,
          at,
          at,
        ]);
      }
    }
  }
  return { clients: [client], cases, deadlines, notes, tasks, documents };
}

/** Multi-row INSERT of many rows at once (PostgreSQL takes at most 65 535 parameters per statement). */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  casts: Record<string, string> = {},
): Promise<void> {
  const perStatement = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    // The casts are fixed SQL of the callers' (e.g. `::case_stage`), never data.
    const values = chunk.map(
      (row) =>
        sql`(${sql.join(row.map((value, i) => sql`${value}${sql.raw(casts[columns[i]] ?? '')}`))})`,
    );
    // A text per number of rows: unnamed.
    await exec(
      manager,
      sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((column) => sql.id(column)))}) VALUES ${sql.join(values)}`,
      { plan: 'unnamed' },
    );
  }
}

/**
 * A host country's visa-free stay, when a stay rule covers the nationality: the current visit began
 * 5 to `withinDays` days ago (so the panel shows a last legal day ahead or just passed), sometimes
 * after an earlier visit that still counts in a rolling window.
 */
function staysFor(
  rand: () => number,
  country: string,
  nationality: string,
  today: string,
  withinDays: number,
): StayPeriod[] {
  if (stayRulesFor(country, nationality).length === 0) return [];
  const entry = addDays(today, -5 - Math.floor(rand() * (withinDays - 4)));
  if (rand() >= 0.4) return [{ entryDate: entry, exitDate: null }];
  const exit = addDays(entry, -2 - Math.floor(rand() * 30));
  return [
    { entryDate: addDays(exit, -10 - Math.floor(rand() * 40)), exitDate: exit },
    { entryDate: entry, exitDate: null },
  ];
}

/**
 * How a decision reached the person and in which procedure: an outcome that names its track decides
 * it; otherwise mostly regular, sometimes not yet known. Germany's reception centres hand decisions
 * over, deemed served three days later (the shared deemed-service rule computes the date).
 */
function decisionOf(
  rand: () => number,
  facts: {
    jurisdiction: string;
    outcome: CaseOutcome | null;
    servedOn: string;
    track?: ProcedureTrack;
  },
): { servedOn: string; receivedOn: string; method: ServiceMethod; track: ProcedureTrack } {
  const track: ProcedureTrack = facts.track
    ? facts.track
    : facts.outcome === 'rejected_manifestly_unfounded'
      ? 'manifestly_unfounded'
      : facts.outcome === 'inadmissible'
        ? 'inadmissible'
        : facts.outcome === 'dublin_transfer'
          ? 'dublin'
          : weighted(rand, [
              ['regular', 65],
              ['accelerated', 10],
              ['unknown', 25],
            ] as const);
  const method: ServiceMethod =
    facts.jurisdiction === 'DE'
      ? weighted(rand, [
          ['reception_centre', 35],
          ['post', 45],
          ['in_person', 20],
        ] as const)
      : weighted(rand, [
          ['post', 60],
          ['in_person', 40],
        ] as const);
  // The day it arrived such that the jurisdiction's rule gives the served date.
  let receivedOn = facts.servedOn;
  for (let back = 0; back <= 7; back++) {
    const candidate = addDays(facts.servedOn, -back);
    if (deemedService(facts.jurisdiction, method, candidate).servedOn === facts.servedOn) {
      receivedOn = candidate;
      break;
    }
  }
  return { servedOn: facts.servedOn, receivedOn, method, track };
}
