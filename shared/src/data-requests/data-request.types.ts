/**
 * A person's request about their data (GDPR Art. 15–21): answered within one month of receipt
 * (Art. 12(3)); `dueOn` is derived, never set.
 */
export const DATA_REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
] as const;
export type DataRequestType = (typeof DATA_REQUEST_TYPES)[number];

export const DATA_REQUEST_STATUSES = ['open', 'done', 'refused'] as const;
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number];

/** At most this long, a request's note (kept encrypted, never in the audit trail). */
export const DATA_REQUEST_NOTE_MAX = 4000;

/**
 * The day a request received on `receivedOn` (YYYY-MM-DD) is due: one calendar month later, on the
 * same day of the month, or the month's last day when it has no such day (31 January → 28 or 29
 * February; 30 November → 30 December).
 */
export function dataRequestDueOn(receivedOn: string): string {
  const [year, month, day] = receivedOn.split('-').map(Number);
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  const lastDay = new Date(Date.UTC(nextYear, nextMonth, 0)).getUTCDate();
  const due = Math.min(day, lastDay);
  return `${String(nextYear).padStart(4, '0')}-${String(nextMonth).padStart(2, '0')}-${String(due).padStart(2, '0')}`;
}

/** A request as a list shows it (the note only on the single request). */
export interface DataRequestListItem {
  id: string;
  clientId: string;
  clientReference: string;
  type: DataRequestType;
  status: DataRequestStatus;
  receivedOn: string;
  dueOn: string;
  closedAt: string | null;
  closedById: string | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface DataRequestResponse extends DataRequestListItem {
  note: string | null;
}

/** `POST /api/data-requests`. */
export interface CreateDataRequestRequest {
  clientId: string;
  type: DataRequestType;
  receivedOn: string;
  note?: string | null;
}

/** `PATCH /api/data-requests/:id`: open → done or refused (closing it); the note at any time. */
export interface UpdateDataRequestRequest {
  version: number;
  status?: DataRequestStatus;
  note?: string | null;
}

/** An open request on a supervisor's (or an admin's) dashboard, beside the deadlines. */
export interface DashboardDataRequest {
  id: string;
  clientId: string;
  clientReference: string;
  type: DataRequestType;
  receivedOn: string;
  dueOn: string;
}
