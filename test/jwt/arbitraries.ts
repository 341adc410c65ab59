import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../src/jwt/index.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Strings over the base64url alphabet with a length that can be decoded. */
export const base64urlString = fc
  .string({ unit: fc.constantFrom(...B64URL), maxLength: 60 })
  .filter((s) => s.length % 4 !== 1);

export const encodeJson = (v: unknown): string =>
  Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** JSON normalised the way a JSON round trip does it (e.g. -0 becomes 0). */
export const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat']);

/** Arbitrary claims sets; time claims, when drawn, are numbers as the spec requires. */
export const claims: fc.Arbitrary<JsonObject> = fc
  .record(
    {
      extra: fc.dictionary(
        fc.string({ maxLength: 12 }).filter((k) => !TIME_CLAIMS.has(k)),
        fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
        { maxKeys: 6 },
      ),
      exp: fc.option(fc.integer({ min: 0, max: 4_000_000_000 }), { nil: undefined }),
      iat: fc.option(fc.integer({ min: 0, max: 4_000_000_000 }), { nil: undefined }),
      sub: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.nat()), { nil: undefined }),
    },
    { requiredKeys: ['extra'] },
  )
  .map(({ extra, ...times }) => {
    const out: JsonObject = { ...extra };
    for (const [k, v] of Object.entries(times)) if (v !== undefined) out[k] = v;
    return out;
  });

/** Extra JOSE header members (never alg, which the tests set). */
export const headerExtras: fc.Arbitrary<JsonObject> = fc.record(
  {
    typ: fc.constantFrom('JWT', 'at+jwt', 'jwt'),
    kid: fc.string({ maxLength: 30 }),
    custom: fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>,
  },
  { requiredKeys: [] },
);

/** Any text, biased towards dotted shapes and base64url-ish pieces. */
export const tokenishText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        base64urlString,
        fc.string({ maxLength: 30 }),
        fc.jsonValue({ maxDepth: 2 }).map(encodeJson),
        fc.constantFrom('eyJhbGciOiJIUzI1NiJ9', 'eyJhbGciOiJub25lIn0', 'e30', '', '====', 'eyJ'),
      ),
      { maxLength: 7 },
    )
    .map((parts) => parts.join('.')),
);
