import { GROUNDS, type Ground } from '@haven/shared';

/**
 * The note form's ground picker, pure: the case's grounds first, then the others (each in the
 * domain's order), and whether saving must first ask to add the chosen ground to the case. The
 * server refuses a note on a ground its case lacks unless the request says so (`addGroundToCase`).
 */

export interface GroundChoices {
  /** The grounds the case has, in the order of `GROUNDS`. */
  caseGrounds: Ground[];
  /** Every other ground, in the order of `GROUNDS`. */
  otherGrounds: Ground[];
}

export function groundChoices(caseGrounds: readonly string[] | null | undefined): GroundChoices {
  const has = new Set(caseGrounds ?? []);
  return {
    caseGrounds: GROUNDS.filter((ground) => has.has(ground)),
    otherGrounds: GROUNDS.filter((ground) => !has.has(ground)),
  };
}

/**
 * Whether saving the note would add `ground` to its case: a ground the case lacks, newly chosen (an
 * edit that keeps the note's ground changes nothing on the case). Unknown case grounds (still
 * loading) ask nothing here: the server's refusal asks then.
 */
export function addsGroundToCase(
  ground: Ground | '',
  caseGrounds: readonly string[] | null | undefined,
  previousGround?: Ground | null,
): boolean {
  if (!ground || !caseGrounds) return false;
  if (previousGround && ground === previousGround) return false;
  return !caseGrounds.includes(ground);
}
