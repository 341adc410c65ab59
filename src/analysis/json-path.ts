/** Reads `a.b[0].c` style paths from parsed JSON. Pure; undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(step)] : (current as Record<string, unknown>)[step];
  }
  return current;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
