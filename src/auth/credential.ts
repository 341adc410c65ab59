/** Where a credential travels on a request. Every auth method reduces to one or more of these. */
export type Placement =
  | { in: 'header'; name: string; scheme?: string }
  | { in: 'cookie'; name: string }
  | { in: 'query'; name: string };

export interface Credential {
  placement: Placement;
  value: string;
}

export function describePlacement(p: Placement): string {
  switch (p.in) {
    case 'header':
      return p.scheme ? `${p.name}: ${p.scheme} <token>` : `${p.name} header`;
    case 'cookie':
      return `cookie ${p.name}`;
    case 'query':
      return `query parameter ${p.name}`;
  }
}
