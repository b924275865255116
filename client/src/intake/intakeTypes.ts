import type {
  AuthorityReference,
  CaseType,
  ClientResponse,
  Consent,
  Ground,
  MilitaryStatus,
  Priority,
  SummonsKind,
} from '@haven/shared';

/**
 * The body of `POST /api/intake` as the server's IntakeDto reads it (shared/ has the responses;
 * the request DTOs live in the server, so their shape is restated here).
 */
export interface IntakeRequestBody {
  client: Partial<
    Omit<
      ClientResponse,
      'id' | 'reference' | 'createdAt' | 'updatedAt' | 'version' | 'consent' | 'stays'
    >
  > & {
    givenName: string;
    familyName: string;
    sex: string;
    nationality: string;
    consent?: Partial<Consent>;
    stays?: { entryDate?: string; exitDate?: string }[];
  };
  case: {
    caseType: CaseType;
    jurisdiction: string;
    priority?: Priority;
    grounds?: Ground[];
    militaryStatus?: MilitaryStatus;
    summonsKind?: SummonsKind;
    summonsDate?: string;
    desertionDate?: string;
    referralSource?: string;
    authorityReferences?: Partial<AuthorityReference>[];
    claimSummary?: string;
    serviceHistory?: string;
    assignedToId?: string;
    teamId?: string;
  };
  /** Without consent to data processing: the legal basis used instead. */
  processingBasis?: string;
}
