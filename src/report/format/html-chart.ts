import type { CategoryScore } from '../../core/types.ts';
import { escapeXml as esc } from './text.ts';

const ROW = 26;
const LABEL = 190;
const BAR = 420;

function colour(score: number): string {
  if (score >= 90) return '#2e7d32';
  if (score >= 70) return '#f9a825';
  if (score >= 50) return '#ef6c00';
  return '#c62828';
}

/** An inline SVG bar chart, one bar per category, 0-100. */
export function renderCategoryChart(categories: readonly CategoryScore[]): string {
  const height = categories.length * ROW + 8;
  const width = LABEL + BAR + 140;
  const rows = categories.map((c, i) => {
    const y = i * ROW + 4;
    const w = Math.max(1, Math.round((BAR * c.score) / 100));
    return [
      `<g class="row" data-category="${esc(c.category)}" data-score="${c.score}">`,
      `<text x="${LABEL - 8}" y="${y + 15}" text-anchor="end" font-size="12" fill="#333">${esc(c.category)}</text>`,
      `<rect x="${LABEL}" y="${y + 2}" width="${BAR}" height="16" rx="3" fill="#eee"/>`,
      `<rect class="bar" x="${LABEL}" y="${y + 2}" width="${w}" height="16" rx="3" fill="${colour(c.score)}"/>`,
      `<text x="${LABEL + BAR + 8}" y="${y + 15}" font-size="12" fill="#333">${c.score}${c.findings ? ` · ${c.findings} finding(s)` : ''}</text>`,
      '</g>',
    ].join('');
  });
  return `<svg class="chart" role="img" aria-label="Category scores" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${rows.join('')}</svg>`;
}
