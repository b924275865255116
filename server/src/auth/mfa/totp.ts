import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 30-second steps, 6 digits. */
export const TOTP_PERIOD_SECONDS = 30;

/** 20 random bytes (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUrl(secret: string, account: string): string {
  return generateURI({
    issuer: 'Haven',
    label: account,
    secret,
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
  });
}

/**
 * The time step of a code valid now or one step either side (clock drift), or null. A step at or
 * before `lastUsedStep` is refused, so each code works once, and so does any code older than the last
 * one used.
 */
export async function totpStep(
  secret: string,
  code: string,
  lastUsedStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    period: TOTP_PERIOD_SECONDS,
    digits: 6,
    // ±30 s from any instant within the current step reaches exactly the steps before and after it.
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
