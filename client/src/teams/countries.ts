/**
 * Countries a team may work in: where Haven's partner NGOs give legal help (transit and host
 * countries for people fleeing war, persecution or conscription). ISO 3166-1 alpha-2.
 * Names come from the browser's Intl data, so they exist in every interface language.
 */
export const TEAM_COUNTRIES = [
  'AM',
  'AT',
  'AZ',
  'BE',
  'CA',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GB',
  'GE',
  'GR',
  'IE',
  'IL',
  'IT',
  'KG',
  'KZ',
  'LT',
  'LV',
  'ME',
  'MN',
  'NL',
  'NO',
  'PL',
  'PT',
  'RS',
  'SE',
  'TR',
  'UA',
  'US',
  'UZ',
] as const;

export const COUNTRY_CODE = /^[A-Z]{2}$/;

export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Choices sorted by their name in the interface language; keeps an unlisted current value. */
export function countryChoices(locale: string, current?: string | null) {
  const codes: string[] = [...TEAM_COUNTRIES];
  if (current && COUNTRY_CODE.test(current) && !codes.includes(current)) codes.push(current);
  return codes
    .map((code) => ({ id: code, name: `${countryName(code, locale)} (${code})` }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}
