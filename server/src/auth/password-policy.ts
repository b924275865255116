import { PASSWORD_MIN_LENGTH, type PasswordProblem } from '@haven/shared';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { badRequest, type DomainError } from '../common/errors.js';

/**
 * zxcvbn's score (0–4) a new password must reach: 3 means about 10^8 guesses or more, which no
 * throttled online guesser reaches and which makes an offline attack on an argon2id hash slow.
 * Below it are the common and breached passwords of the shipped lists, keyboard walks, repeats,
 * dates and dictionary words with obvious substitutions.
 */
const MIN_SCORE = 3;
/** The email's local part counts as "in" a password only from this length on (a one-letter local part is in everything). */
const MIN_LOCAL_PART = 3;

/** How much of a password zxcvbn judges; the rest can only make it stronger. */
const ZXCVBN_MAX_LENGTH = 32;

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a tenth of a second. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // zxcvbn's matching grows much faster than the length and blocks the event loop meanwhile: a
    // request must not be able to stall the server with a long password.
    maxLength: ZXCVBN_MAX_LENGTH,
  });
  return estimator;
}

/**
 * The first rule a new password breaks, or null. One function for every way a password is set
 * (the user's own change, an admin setting one), so the rules cannot drift apart.
 */
export function passwordProblem(
  password: string,
  email: string,
  otherInputs: string[] = [],
): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'password.too_short';
  const lowered = password.toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered.trim() === address) return 'password.is_email';
  const local = address.split('@')[0] ?? '';
  if (local.length >= MIN_LOCAL_PART && lowered.includes(local)) return 'password.contains_email';
  const inputs = [address, local, ...address.split(/[@.+_-]/), ...otherInputs].filter(
    (s) => s.length >= MIN_LOCAL_PART,
  );
  if (zxcvbn().check(password, inputs).score < MIN_SCORE) return 'password.common';
  return null;
}

/** The English explanation of each problem (the API's message; the CLI's error). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  'password.too_short': `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  'password.is_email': 'must not be the email address',
  'password.contains_email': 'must not contain the email address',
  'password.common':
    'is too common or too easy to guess; use a longer passphrase of unrelated words',
  'password.unchanged': 'must differ from the current password',
  'password.wrong_current': 'is not the current password',
};

/** 400 naming the field, with the problem's code for the client to translate. */
export function passwordRejected(field: string, problem: PasswordProblem): DomainError {
  return badRequest(`${field}: ${PASSWORD_PROBLEM_MESSAGES[problem]}`, problem, { field });
}

/** Throws `passwordRejected(field, …)` when the password breaks a rule. */
export function assertPasswordPolicy(
  field: string,
  password: string,
  email: string,
  otherInputs: string[] = [],
): void {
  const problem = passwordProblem(password, email, otherInputs);
  if (problem) throw passwordRejected(field, problem);
}
