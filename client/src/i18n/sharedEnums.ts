import { LABELS } from '@haven/shared';

/** The codes the server labels too (the subject-access PDF, statistics CSVs): their one copy is shared/. */
const SHARED_GROUPS = [
  'stage',
  'outcome',
  'caseType',
  'ground',
  'militaryStatus',
  'priority',
  'sex',
  'vulnerability',
  'contactChannel',
  'interpreterGender',
  'consentScope',
  'summonsKind',
  'deadlineKind',
  'deadlineStatus',
] as const;

type SharedGroup = (typeof SHARED_GROUPS)[number];

/** Those groups of `haven.enums` in one language, from shared/'s labels. */
export function sharedEnums(
  language: keyof typeof LABELS,
): Pick<(typeof LABELS)['en'], SharedGroup> {
  return Object.fromEntries(SHARED_GROUPS.map((group) => [group, LABELS[language][group]])) as Pick<
    (typeof LABELS)['en'],
    SharedGroup
  >;
}
