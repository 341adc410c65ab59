/** The authorization matrix as it appears in the report (`sections.authorizationMatrix`): JSON only. */

export const CELL_STATES = [
  'owner',
  'same-data',
  'allowed',
  'denied',
  'not-found',
  'error',
  'other',
] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface MatrixCell {
  state: CellState;
  status?: number;
  /** The caller's role lets it read everything (admin): same-data here is not a finding. */
  byDesign?: boolean;
}

export interface MatrixRow {
  method: string;
  /** Path template, e.g. /users/{id}. */
  path: string;
  /** The concrete request path that was replayed. */
  url: string;
  /** Identity whose object the URL names; absent for endpoints that name no object. */
  owner?: string;
  /** One cell per principal name (identities and "anonymous"). */
  cells: Record<string, MatrixCell>;
}

export interface MatrixIdentity {
  name: string;
  role?: string;
  privileged: boolean;
}

export interface AuthzMatrix {
  identities: MatrixIdentity[];
  rows: MatrixRow[];
  legend: Record<CellState, string>;
}

export const LEGEND: Record<CellState, string> = {
  owner: "the owner's own request (baseline)",
  'same-data': "allowed, and the answer carries the owner's data",
  allowed: 'allowed (2xx with other data)',
  denied: 'refused (401/403/redirect/denial message)',
  'not-found': '404',
  error: 'server error or no answer',
  other: 'another status (4xx)',
};

/** Finding-less notes about what the authorization tests could and could not do. */
export interface AuthzNotes {
  identities: number;
  notes: string[];
}
