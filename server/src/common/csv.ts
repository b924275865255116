/**
 * Every CSV Haven writes goes through here. A cell that a spreadsheet would read as a formula (it
 * starts with =, +, -, @, a tab or a carriage return; OWASP "CSV injection") is prefixed with a single
 * quote, so a team called `=HYPERLINK(…)` stays text when an analyst opens the file; then the cell is
 * quoted per RFC 4180 where it holds a comma, a quote or a line break.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A number is written by Haven, never typed by a user: a negative count stays a number.
  const text =
    typeof value === 'number' && Number.isFinite(value) ? String(value) : neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV record (no line terminator). */
export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(csvCell).join(',');
}
