import { type AuthzMatrix, CELL_STATES, type CellState, type MatrixCell } from './types.ts';

/** Text styling hooks (structurally the report's Style: bold and dim are all the matrix needs). */
export interface MatrixStyle {
  bold(s: string): string;
  dim(s: string): string;
}

const identity: MatrixStyle = { bold: (s) => s, dim: (s) => s };

/** How each cell state reads in every human format. */
export const CELL_LABEL: Record<CellState, string> = {
  owner: 'owner',
  'same-data': 'SAME DATA',
  allowed: 'allowed',
  denied: 'denied',
  'not-found': '404',
  error: 'error',
  other: 'other',
};

/** Validates an unknown report section as a matrix (reports are read back from JSON). Pure. */
export function asAuthzMatrix(value: unknown): AuthzMatrix | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Partial<AuthzMatrix>;
  if (!Array.isArray(m.identities) || !Array.isArray(m.rows)) return undefined;
  const states = new Set<string>(CELL_STATES);
  for (const row of m.rows) {
    if (!row || typeof row.path !== 'string' || typeof row.url !== 'string' || !row.cells) return undefined;
    for (const cell of Object.values(row.cells))
      if (!states.has((cell as MatrixCell).state)) return undefined;
  }
  return m as AuthzMatrix;
}

function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '-';
  const base = CELL_LABEL[cell.state];
  const status = cell.status !== undefined && cell.state !== 'not-found' ? ` ${cell.status}` : '';
  return `${base}${status}${cell.byDesign ? ' (admin)' : ''}`;
}

/**
 * The authorization matrix as aligned text: one line per endpoint (and owner), one column per
 * identity. Takes `report.sections?.authorizationMatrix`; returns '' when absent or malformed.
 * Meant for the human report formats (summary).
 */
export function renderAuthzMatrix(section: unknown, style: MatrixStyle = identity): string {
  const matrix = asAuthzMatrix(section);
  if (!matrix || matrix.rows.length === 0) return '';
  const names = matrix.identities.map((i) => i.name);
  const header = [
    'ENDPOINT',
    'OWNER',
    ...matrix.identities.map((i) => (i.role ? `${i.name} (${i.role})` : i.name)),
  ];
  const rows = matrix.rows.map((r) => [
    `${r.method} ${r.url}`,
    r.owner ?? '-',
    ...names.map((n) => cellText(r.cells[n])),
  ]);
  const widths = header.map((h, i) => Math.min(56, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [style.bold('Authorization matrix'), style.bold(line(header)), ...rows.map(line)];
  out.push(style.dim("SAME DATA = the caller got the owner's data; (admin) = allowed by design."));
  return `${out.join('\n')}\n`;
}
