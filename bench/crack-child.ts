/**
 * One crack in a fresh process, for end-to-end timings:
 *   node bench/crack-child.ts jwt|flask TOKEN builtin|FILE
 * Prints JSON: tried, elapsedMs (inside crack()), found, maxRssKiB (whole process, workers included).
 */
import { crack, flaskTarget, jwtTarget } from '../src/crack/index.ts';

const [kind, value, source] = process.argv.slice(2);
if (!kind || !value || !source) throw new Error('usage: crack-child.ts jwt|flask TOKEN builtin|FILE');
const target = kind === 'flask' ? flaskTarget(value) : jwtTarget(value);
const r = await crack(target, [source === 'builtin' ? { kind: 'builtin' } : { kind: 'file', path: source }]);
process.stdout.write(
  `${JSON.stringify({ tried: r.tried, elapsedMs: r.elapsedMs, found: r.secret !== undefined, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
);
