import type { CaseResponse } from '../cases/case.types.js';
import type { ClientResponse } from '../clients/client.types.js';

export interface IntakeResponse {
  client: ClientResponse;
  case: CaseResponse;
}
