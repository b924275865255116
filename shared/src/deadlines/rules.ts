import type { DeadlineKind } from '../cases/case.enums.js';

/** A period: exactly one unit. */
export type Duration = { days: number } | { weeks: number } | { months: number } | { years: number };

export type Confidence = 'H' | 'M' | 'L';

/**
 * One legal deadline rule, as data with its source (domain.md, Deadlines). Legal facts change:
 * update the record and its `verifiedOn`, never scatter the rule through code.
 */
export interface DeadlineRule {
  id: string;
  /** ISO 3166-1 alpha-2. */
  jurisdiction: string;
  procedure: string;
  kind: DeadlineKind;
  /** The event the period runs from. */
  trigger: string;
  duration: Duration;
  dayType: 'calendar' | 'working';
  /** A period ending on a weekend or public holiday moves to the next working day, or does not. */
  endRule: 'next_working_day' | 'none';
  /** Rolling stay limits: at most `maxDays` present in any `windowDays` (e.g. 90 in 180). */
  rolling?: { maxDays: number; windowDays: number };
  description: string;
  legalBasis: string;
  sourceUrl: string;
  confidence: Confidence;
  verifiedOn: string;
}

const VERIFIED = '2026-11-28';

export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    id: 'DE.appeal', jurisdiction: 'DE', procedure: 'asylum', kind: 'appeal', trigger: 'service of the BAMF decision',
    duration: { weeks: 2 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Action against a BAMF asylum decision (regular procedure)',
    legalBasis: '§ 74(1) AsylG; end of period § 57 VwGO with § 222 ZPO', sourceUrl: 'https://www.gesetze-im-internet.de/asylvfg_1992/__74.html',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'DE.appeal.accelerated', jurisdiction: 'DE', procedure: 'asylum (manifestly unfounded, inadmissible, Dublin)', kind: 'appeal',
    trigger: 'service of the BAMF decision', duration: { weeks: 1 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Action and urgent application against a manifestly-unfounded, inadmissibility or Dublin decision',
    legalBasis: '§ 74(1), § 36(3), § 34a(2) AsylG', sourceUrl: 'https://www.gesetze-im-internet.de/asylvfg_1992/__36.html',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'DE.appeal_grounds', jurisdiction: 'DE', procedure: 'asylum', kind: 'appeal_grounds', trigger: 'service of the BAMF decision',
    duration: { months: 1 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Statement of the facts and evidence supporting the action',
    legalBasis: '§ 74(2) AsylG', sourceUrl: 'https://www.gesetze-im-internet.de/asylvfg_1992/__74.html',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'FR.ofpra_filing', jurisdiction: 'FR', procedure: 'asylum', kind: 'filing', trigger: 'asylum-seeker certificate issued',
    duration: { days: 21 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Lodge the complete application with OFPRA',
    legalBasis: 'CESEDA R.531-1', sourceUrl: 'https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006070158/',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'FR.apply_after_entry', jurisdiction: 'FR', procedure: 'asylum', kind: 'filing', trigger: 'entry into France',
    duration: { days: 90 }, dayType: 'calendar', endRule: 'none',
    description: 'Apply within 90 days of entry, otherwise the accelerated procedure may apply',
    legalBasis: 'Loi 2018-778; CESEDA L.531-27', sourceUrl: 'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000037381808/',
    confidence: 'M', verifiedOn: VERIFIED,
  },
  {
    id: 'FR.appeal', jurisdiction: 'FR', procedure: 'asylum', kind: 'appeal', trigger: 'notification of the OFPRA decision',
    duration: { months: 1 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the CNDA',
    legalBasis: 'CESEDA L.532-1', sourceUrl: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000042774424',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'FR.legal_aid', jurisdiction: 'FR', procedure: 'asylum', kind: 'submission', trigger: 'notification of the OFPRA decision',
    duration: { days: 15 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Request legal aid for the CNDA appeal (suspends the appeal period)',
    legalBasis: 'CESEDA L.532-1 al. 2', sourceUrl: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000042774424',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'UK.appeal', jurisdiction: 'GB', procedure: 'asylum', kind: 'appeal', trigger: 'notice of decision sent (in the UK)',
    duration: { days: 14 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the First-tier Tribunal (IAC) from inside the UK',
    legalBasis: 'FtT (IAC) Procedure Rules 2014 r.19(2)', sourceUrl: 'https://www.legislation.gov.uk/uksi/2014/2604/article/19',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'UK.appeal.outside', jurisdiction: 'GB', procedure: 'asylum', kind: 'appeal', trigger: 'notice of decision sent (outside the UK)',
    duration: { days: 28 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the First-tier Tribunal (IAC) from outside the UK',
    legalBasis: 'FtT (IAC) Procedure Rules 2014 r.19(3)', sourceUrl: 'https://www.legislation.gov.uk/uksi/2014/2604/article/19',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'US.one_year', jurisdiction: 'US', procedure: 'affirmative asylum', kind: 'filing', trigger: 'last arrival in the United States',
    duration: { years: 1 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'File the asylum application (Form I-589) within one year of the last arrival',
    legalBasis: 'INA 208(a)(2)(B); 8 CFR 1208.4(a)(2)', sourceUrl: 'https://www.ecfr.gov/current/title-8/section-1208.4',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'US.bia_appeal', jurisdiction: 'US', procedure: 'removal proceedings', kind: 'appeal', trigger: "immigration judge's decision",
    duration: { days: 30 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Notice of appeal received by the Board of Immigration Appeals',
    legalBasis: '8 CFR 1003.38(b)', sourceUrl: 'https://www.ecfr.gov/current/title-8/section-1003.38',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'CA.boc', jurisdiction: 'CA', procedure: 'refugee claim', kind: 'submission', trigger: 'referral of the claim to the RPD',
    duration: { days: 15 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Basis of Claim form to the Refugee Protection Division (inland claims)',
    legalBasis: 'IRPR 159.8(1)', sourceUrl: 'https://laws-lois.justice.gc.ca/eng/regulations/SOR-2002-227/section-159.8.html',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'CA.rad_appeal', jurisdiction: 'CA', procedure: 'refugee claim', kind: 'appeal', trigger: 'receipt of the written reasons',
    duration: { days: 15 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the Refugee Appeal Division',
    legalBasis: 'IRPR 159.91(1)(a)', sourceUrl: 'https://laws-lois.justice.gc.ca/eng/regulations/SOR-2002-227/section-159.91.html',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'FI.appeal', jurisdiction: 'FI', procedure: 'asylum', kind: 'appeal', trigger: 'receipt of the Migri decision',
    duration: { days: 30 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the administrative court',
    legalBasis: 'Aliens Act 301/2004 § 190 (as amended 2021)', sourceUrl: 'https://www.finlex.fi/en/laki/kaannokset/2004/en20040301',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'EE.appeal', jurisdiction: 'EE', procedure: 'asylum', kind: 'appeal', trigger: 'announcement of the decision',
    duration: { days: 10 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the administrative court',
    legalBasis: 'Act on Granting International Protection to Aliens § 25', sourceUrl: 'https://www.riigiteataja.ee/en/eli/ee/Riigikogu/act/',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'LV.appeal', jurisdiction: 'LV', procedure: 'asylum', kind: 'appeal', trigger: 'notification of the decision',
    duration: { months: 1 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the District Administrative Court',
    legalBasis: 'Asylum Law (Latvia) Section 54', sourceUrl: 'https://likumi.lv/ta/en/en/id/278986',
    confidence: 'M', verifiedOn: VERIFIED,
  },
  {
    id: 'PL.appeal', jurisdiction: 'PL', procedure: 'international protection', kind: 'appeal', trigger: 'delivery of the decision',
    duration: { days: 14 }, dayType: 'calendar', endRule: 'next_working_day',
    description: 'Appeal to the Refugee Board',
    legalBasis: 'Act on Granting Protection to Foreigners (Poland), Art. 35', sourceUrl: 'https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20030010128',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'KZ.stay', jurisdiction: 'KZ', procedure: 'visa-free stay (Russian citizens, EAEU)', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 90 }, dayType: 'calendar', endRule: 'none', rolling: { maxDays: 90, windowDays: 180 },
    description: 'At most 90 days in any 180 without registration or a permit',
    legalBasis: 'Kazakh rules of 27 January 2023 on the stay of EAEU citizens', sourceUrl: 'https://adilet.zan.kz/',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'GE.stay', jurisdiction: 'GE', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 365 }, dayType: 'calendar', endRule: 'none',
    description: 'Visa-free stay of one year from entry',
    legalBasis: 'Georgian visa-free regime (Government Decree No. 255)', sourceUrl: 'https://geoconsul.gov.ge/en/visa-free-regime',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'AM.stay', jurisdiction: 'AM', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 180 }, dayType: 'calendar', endRule: 'none', rolling: { maxDays: 180, windowDays: 365 },
    description: 'At most 180 days a year',
    legalBasis: 'Armenian rules on the stay of foreigners', sourceUrl: 'https://www.mfa.am/en/visa/',
    confidence: 'M', verifiedOn: VERIFIED,
  },
  {
    id: 'TR.stay', jurisdiction: 'TR', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 60 }, dayType: 'calendar', endRule: 'none', rolling: { maxDays: 90, windowDays: 180 },
    description: '60 days a stay, at most 90 in any 180',
    legalBasis: 'Turkish–Russian visa agreement', sourceUrl: 'https://www.mfa.gov.tr/',
    confidence: 'M', verifiedOn: VERIFIED,
  },
  {
    id: 'IL.stay', jurisdiction: 'IL', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 90 }, dayType: 'calendar', endRule: 'none', rolling: { maxDays: 90, windowDays: 180 },
    description: 'At most 90 days in any 180',
    legalBasis: 'Israeli–Russian visa waiver agreement (2008)', sourceUrl: 'https://www.gov.il/',
    confidence: 'H', verifiedOn: VERIFIED,
  },
  {
    id: 'MN.stay', jurisdiction: 'MN', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 30 }, dayType: 'calendar', endRule: 'none', rolling: { maxDays: 90, windowDays: 180 },
    description: '30 days a visit, at most 90 in any 180',
    legalBasis: 'Mongolian–Russian visa agreement (2014)', sourceUrl: 'https://consul.mn/',
    confidence: 'M', verifiedOn: VERIFIED,
  },
  {
    id: 'RS.stay', jurisdiction: 'RS', procedure: 'visa-free stay', kind: 'stay_expiry', trigger: 'entry',
    duration: { days: 30 }, dayType: 'calendar', endRule: 'none',
    description: 'Visa-free stay of 30 days from entry',
    legalBasis: 'Serbian visa-free regime for Russian citizens', sourceUrl: 'https://www.mfa.gov.rs/',
    confidence: 'L', verifiedOn: VERIFIED,
  },
];

export function findRule(id: string): DeadlineRule | undefined {
  return DEADLINE_RULES.find((rule) => rule.id === id);
}

export function describeDuration(duration: Duration): string {
  const [unit, n] = Object.entries(duration)[0];
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}
