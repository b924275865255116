import type {
  AnonymiseResponse,
  CaseResponse,
  ListResponse,
  RetentionApplyResponse,
  RetentionPlan,
  RetentionPolicy,
  RetentionRun,
} from '@haven/shared';
import { apiFetch } from '../providers/http';

export const RETENTION_PATH = '/retention';

export const getPolicies = async () =>
  (await apiFetch<{ data: RetentionPolicy[] }>('/retention/policies')).json.data;

export const putPolicies = async (policies: RetentionPolicy[]) =>
  (
    await apiFetch<{ data: RetentionPolicy[] }>('/retention/policies', {
      method: 'PUT',
      body: { policies },
    })
  ).json.data;

export const getDue = async () => (await apiFetch<RetentionPlan>('/retention/due')).json;

export const applyRetention = async (caseIds: string[]) =>
  (
    await apiFetch<RetentionApplyResponse>('/retention/apply', {
      method: 'POST',
      body: { caseIds },
    })
  ).json;

export const getRuns = async () =>
  (
    await apiFetch<ListResponse<RetentionRun>>('/retention/runs', {
      query: new URLSearchParams({ perPage: '20' }),
    })
  ).json;

export const setLegalHold = async (caseId: string, reason: string, until: string | null) =>
  (
    await apiFetch<CaseResponse>(`/cases/${encodeURIComponent(caseId)}/legal-hold`, {
      method: 'PUT',
      body: { reason, until },
    })
  ).json;

export const clearLegalHold = async (caseId: string) =>
  (
    await apiFetch<CaseResponse>(`/cases/${encodeURIComponent(caseId)}/legal-hold`, {
      method: 'DELETE',
    })
  ).json;

export const anonymiseClient = async (clientId: string) =>
  (
    await apiFetch<AnonymiseResponse>(`/clients/${encodeURIComponent(clientId)}/anonymise`, {
      method: 'POST',
    })
  ).json;

/** Whether the client's personal data were erased (server/src/retention/anonymise.service.ts). */
export const isAnonymised = (client: { anonymisedAt?: string | null } | undefined) =>
  Boolean(client?.anonymisedAt);
