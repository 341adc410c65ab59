import { asAuthzMatrix, CELL_LABEL } from '../../authz/render.ts';
import type { CellState, MatrixCell } from '../../authz/types.ts';
import { escapeXml as esc } from './text.ts';

/**
 * The authorization matrix (`sections.authorizationMatrix`): one row per endpoint and owner, one
 * column per identity; a cell where someone else got the owner's data stands out unless it is by design.
 * A section of another shape is shown as JSON rather than dropped.
 */
export function renderMatrix(section: unknown): string {
  const matrix = asAuthzMatrix(section);
  if (!matrix) return `<pre class="matrix-json">${esc(JSON.stringify(section, null, 2))}</pre>`;
  if (matrix.rows.length === 0) return '<p>No endpoint could be compared across identities.</p>';
  const names = matrix.identities.map((i) => i.name);
  const head = `<tr><th>Endpoint</th><th>Owner</th>${matrix.identities
    .map((i) => `<th>${esc(i.name)}${i.role ? ` <small>(${esc(i.role)})</small>` : ''}</th>`)
    .join('')}</tr>`;
  const rows = matrix.rows
    .map(
      (r) =>
        `<tr><td><code>${esc(`${r.method} ${r.url}`)}</code></td><td>${esc(r.owner ?? '–')}</td>${names
          .map((n) => cell(r.cells[n]))
          .join('')}</tr>`,
    )
    .join('');
  const legend = Object.entries(matrix.legend ?? {})
    .map(
      ([state, text]) =>
        `<li><b>${esc(CELL_LABEL[state as CellState] ?? state)}</b>: ${esc(String(text))}</li>`,
    )
    .join('');
  return `<table class="matrix">${head}${rows}</table>${legend ? `<ul class="legend">${legend}</ul>` : ''}`;
}

function cell(c: MatrixCell | undefined): string {
  if (!c) return '<td>–</td>';
  const leak = c.state === 'same-data' && !c.byDesign;
  const cls = leak ? 'leak' : c.state;
  const status = c.status !== undefined && c.state !== 'not-found' ? ` ${c.status}` : '';
  return `<td class="${cls}">${esc(CELL_LABEL[c.state])}${status}${c.byDesign ? ' (by design)' : ''}</td>`;
}
