type Json = Record<string, unknown>;

/** A concrete, harmless value for a parameter: spec example first, then schema-derived. Pure. */
export function exampleFor(param: Json, schema: Json, name: string): string | undefined {
  for (const candidate of [param.example, schema.example, schema.default, firstOf(schema.enum)]) {
    if (candidate !== undefined && candidate !== null && typeof candidate !== 'object')
      return String(candidate);
  }
  const examples = param.examples;
  if (examples && typeof examples === 'object') {
    const first = Object.values(examples as Json)[0];
    if (first && typeof first === 'object' && 'value' in first) return String((first as Json).value);
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      return String(typeof schema.minimum === 'number' ? Math.max(1, schema.minimum) : 1);
    case 'boolean':
      return 'true';
    case 'string':
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
      if (schema.format === 'email') return 'user@example.com';
      if (schema.format === 'date') return '2024-01-01';
      if (schema.format === 'date-time') return '2024-01-01T00:00:00Z';
      return /id$/i.test(name) ? '1' : 'test';
    default:
      return undefined;
  }
}

function firstOf(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : undefined;
}
