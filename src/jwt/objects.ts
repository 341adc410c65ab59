import type { JsonValue } from './parse.ts';

/** Changes to a JSON object: a value sets the member, `undefined` removes it. */
export type Patch = Readonly<Record<string, JsonValue | undefined>>;

/**
 * Applies `patch` keeping the original member order (new members go last), so forged headers and
 * claims look like the genuine ones. Built with Object.fromEntries: a "__proto__" member stays data.
 */
export function patchObject<T extends object>(original: T, patch: Patch): T {
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(original)) {
    if (!Object.hasOwn(patch, k)) entries.push([k, v]);
    else if (patch[k] !== undefined) entries.push([k, patch[k]]);
  }
  for (const [k, v] of Object.entries(patch)) {
    if (v !== undefined && !Object.hasOwn(original, k)) entries.push([k, v]);
  }
  return Object.fromEntries(entries) as T;
}
