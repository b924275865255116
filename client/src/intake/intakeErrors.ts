import type { FieldErrors } from '../common/validation';
import { stepOfPath } from './intakeDraft';

/** Where the server's consent fields live in the draft (the draft keeps them flat). */
const CONSENT_FIELDS: Record<string, string> = {
  scopes: 'consentScopes',
  givenOn: 'consentGivenOn',
  language: 'consentLanguage',
};

// "client.documents.0.kind must be …", "case.jurisdiction must be …", "client.consent.scopes: …",
// and the service's own "assignedToId: must be …" (no prefix).
const FIELD_PATH = /^[`'"]?((?:client|case)(?:\.[A-Za-z0-9_]+)+|[A-Za-z_]\w*)(?=[\s:]|$)/;

export interface MappedIntakeErrors {
  /** Messages by draft path (`givenName`, `documents.0.kind`, `consentGivenOn`). */
  errors: FieldErrors;
  /** The first step (in step order) that shows one of them; null when none maps to a step. */
  firstStep: number | null;
  /** Messages that name no field the wizard shows: shown above the form. */
  general: string[];
}

/** The draft path a server path names, e.g. `client.consent.givenOn` → `consentGivenOn`. */
export function draftPath(serverPath: string): string {
  const parts = serverPath.split('.');
  const rest = parts[0] === 'client' || parts[0] === 'case' ? parts.slice(1) : parts;
  if (rest[0] === 'consent') return CONSENT_FIELDS[rest[1]] ?? 'consentGivenOn';
  return rest.join('.');
}

/**
 * Splits the server's 400 message ("client.nationality must be …; case.jurisdiction must be …")
 * into messages per wizard field, so that each shows at its input and the wizard can jump to the
 * first step that has one. Each field keeps the server's first message about it.
 */
export function mapIntakeErrors(message: unknown): MappedIntakeErrors {
  const parts = (Array.isArray(message) ? message : [message])
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split(/;\s+|\n/))
    .map((part) => part.trim())
    .filter(Boolean);
  const errors: FieldErrors = {};
  const general: string[] = [];
  let firstStep: number | null = null;
  for (const part of parts) {
    const match = FIELD_PATH.exec(part);
    const path = match ? draftPath(match[1]) : null;
    const step = path ? stepOfPath(path) : null;
    if (path === null || step === null) {
      general.push(part);
      continue;
    }
    if (errors[path] === undefined) errors[path] = part;
    if (firstStep === null || step < firstStep) firstStep = step;
  }
  return { errors, firstStep, general };
}
