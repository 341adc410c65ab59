/**
 * Other spellings of an object reference that a lax router, parser or ownership check may treat
 * differently: encoded traversal, Tomcat-style `..;/`, trailing dots, padded or re-typed ids, and
 * duplicated query parameters (`user_id=mine&user_id=theirs`). Read-only GET paths. Pure.
 */
import { idVariants } from '../analysis/ids.ts';
import type { Endpoint } from '../inventory/types.ts';
import { buildPath, type Filled } from './fill.ts';

export interface BypassVariant {
  /** Short family name, used as the finding variant. */
  kind: string;
  /** What was tried, for evidence labels. */
  label: string;
  path: string;
}

const MAX_VARIANTS = 10;

export function bypassVariants(endpoint: Endpoint, owner: Filled, caller?: Filled): BypassVariant[] {
  const target = owner.owned[0];
  if (!target) return [];
  const key = `${target.in}:${target.param}`;
  const theirs = target.value;
  const mine = caller?.values[key];
  const out: BypassVariant[] = [];
  const withValue = (value: string, raw: boolean) =>
    buildPath(endpoint, { ...owner.values, [key]: value }, raw ? { raw: new Set([key]) } : {});
  const enc = encodeURIComponent;
  if (target.in === 'path') {
    if (mine !== undefined && mine !== theirs) {
      out.push({
        kind: 'encoded traversal',
        label: `encoded traversal from its own id (${mine}%2f..%2f${theirs})`,
        path: withValue(`${enc(mine)}%2f..%2f${enc(theirs)}`, true),
      });
      out.push({
        kind: 'path parameter traversal',
        label: `"..;/" traversal from its own id (${mine}/..;/${theirs})`,
        path: withValue(`${enc(mine)}/..;/${enc(theirs)}`, true),
      });
    }
    out.push({
      kind: 'trailing dot',
      label: `a trailing dot (${theirs}.)`,
      path: withValue(`${enc(theirs)}.`, true),
    });
    out.push({
      kind: 'padded id',
      label: `an encoded trailing space (${theirs}%20)`,
      path: withValue(`${enc(theirs)}%20`, true),
    });
  } else if (mine !== undefined && mine !== theirs) {
    out.push({
      kind: 'parameter pollution',
      label: `duplicated parameter ${target.param}=${mine}&${target.param}=${theirs}`,
      path: buildPath(endpoint, owner.values, { prefixQuery: [[target.param, mine]] }),
    });
    out.push({
      kind: 'parameter pollution',
      label: `duplicated parameter ${target.param}=${theirs}&${target.param}=${mine}`,
      path: buildPath(endpoint, owner.values, { suffixQuery: [[target.param, mine]] }),
    });
  }
  for (const v of idVariants(theirs)) {
    out.push({
      kind: 'id spelling',
      label: `the id spelled differently (${v.label}: ${v.value})`,
      path: withValue(v.value, false),
    });
  }
  return out.slice(0, MAX_VARIANTS);
}
