export interface TeamResponse {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 of the country the team works in. */
  country: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}
