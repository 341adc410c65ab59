import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Credential, Placement } from '../../src/auth/credential.ts';
import { acceptedAs } from '../../src/checks/jwt/shared/attempt.ts';
import { claimTokens } from '../../src/checks/jwt/shared/forger.ts';
import { otherSubjects } from '../../src/checks/jwt/shared/impact.ts';
import { credentialsWith, subjectsOf, tokenInCredential } from '../../src/checks/jwt/shared/subjects.ts';
import type { RecordedResponse } from '../../src/core/types.ts';
import type { IdentityView } from '../../src/engine/context.ts';
import { parseJwt } from '../../src/jwt/index.ts';

const seg = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(payload: object, secret = 'k'): string {
  const h = seg({ alg: 'HS256', typ: 'JWT' });
  const p = seg(payload);
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
}

function identity(
  name: string,
  credentials: Credential[],
  markers: Record<string, string> = {},
): IdentityView {
  return {
    name,
    anonymous: false,
    credentials: () => credentials,
    markers: new Map(Object.entries(markers)),
  };
}

const placement: fc.Arbitrary<Placement> = fc.oneof(
  fc
    .record({ in: fc.constant('header' as const), name: fc.constantFrom('Authorization', 'X-Token') })
    .chain((p) =>
      fc
        .option(fc.constantFrom('Bearer', 'JWT'), { nil: undefined })
        .map((scheme) => (scheme ? { ...p, scheme } : p)),
    ),
  fc.record({ in: fc.constant('cookie' as const), name: fc.constantFrom('auth', 'session') }),
  fc.record({ in: fc.constant('query' as const), name: fc.constantFrom('access_token', 'token') }),
);

/** Values a config may hold: junk, near-JWTs, real JWTs, "Bearer <jwt>". */
const credentialValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.tuple(fc.string(), fc.string(), fc.string()).map((p) => p.join('.')),
  fc.jsonValue().map((v) => `${seg(v)}.${seg(v)}.${seg(v)}`),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 4 }).map((o) => token(o)),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 4 }).map((o) => `Bearer ${token(o)}`),
);

describe('JWT subjects', () => {
  it('never throw on any credential, and find exactly the values that are JWS', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ placement, value: credentialValue }), { maxLength: 5 }),
        (credentials) => {
          const subjects = subjectsOf([identity('alice', credentials)]);
          for (const s of subjects) {
            assert.equal(parseJwt(s.token).token, s.token);
            const original = credentials[s.index]!;
            assert.equal(s.placement.in, original.placement.in);
            assert.equal(s.placement.name, original.placement.name);
          }
          for (const [i, c] of credentials.entries()) {
            if (tokenInCredential(c) === undefined) assert.ok(!subjects.some((s) => s.index === i));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('"Bearer <jwt>" in a scheme-less header becomes a Bearer placement', () => {
    const t = token({ sub: '1' });
    const found = tokenInCredential({
      placement: { in: 'header', name: 'Authorization' },
      value: `Bearer ${t}`,
    });
    assert.deepEqual(found?.placement, { in: 'header', name: 'Authorization', scheme: 'Bearer' });
    assert.equal(found?.parsed.token, t);
  });

  it('credentialsWith replaces only the subject credential, in the same place', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ placement, value: fc.string({ maxLength: 10 }) }), { maxLength: 4 }),
        placement,
        fc.nat(4),
        (others, where, at) => {
          const jwt = token({ sub: 'x' });
          const creds = [...others];
          const index = Math.min(at, creds.length);
          creds.splice(index, 0, { placement: where, value: jwt });
          const [subject] = subjectsOf([identity('a', creds)]).filter((s) => s.index === index);
          assert.ok(subject);
          const replaced = credentialsWith(subject, 'FORGED');
          assert.equal(replaced.length, creds.length);
          replaced.forEach((c, i) => {
            if (i === index) assert.equal(c.value, 'FORGED');
            else assert.deepEqual(c, creds[i]);
          });
        },
      ),
    );
  });
});

const res = (status: number, body: unknown): RecordedResponse => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  bytes: 0,
  truncated: false,
});

describe('acceptance', () => {
  const genuine = res(200, { id: 1, name: 'alice', email: 'alice@example.com' });

  it('same data as the genuine answer (volatile keys ignored) is accepted', () => {
    assert.equal(
      acceptedAs(genuine, res(200, { email: 'alice@example.com', name: 'alice', id: 1, ts: 5 }), 'alice'),
      'alice',
    );
  });

  it('denials, errors, other data and empty genuine answers are never accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.jsonValue(), (status, body) => {
        const attack = res(status, body);
        const as = acceptedAs(genuine, attack, 'alice');
        if (as !== undefined) assert.equal(attack.status, 200);
        assert.equal(acceptedAs(res(200, {}), attack, 'alice'), undefined);
        assert.equal(
          acceptedAs(genuine, res(status === 200 ? 401 : status, { error: 'invalid token' }), 'alice'),
          undefined,
        );
      }),
    );
    assert.equal(acceptedAs(genuine, res(200, { error: 'unauthorized' }), 'alice'), undefined);
  });

  it("another identity's genuine answer counts as impersonation", () => {
    const bob = res(200, { id: 2, name: 'bob' });
    assert.equal(
      acceptedAs(genuine, res(200, { id: 2, name: 'bob' }), 'alice', [{ identity: 'bob', response: bob }]),
      'bob',
    );
  });
});

describe('impact and claim forging helpers', () => {
  it("otherSubjects takes the same claim from the other identities' tokens, else their markers", () => {
    const alice = identity('alice', [
      { placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' }, value: token({ sub: '1' }) },
    ]);
    const bob = identity('bob', [
      { placement: { in: 'header', name: 'Authorization', scheme: 'Bearer' }, value: token({ sub: '2' }) },
    ]);
    const carol = identity('carol', [], { user_id: '3', username: 'carol' });
    assert.deepEqual(otherSubjects(parseJwt(token({ sub: '1' })).payload, alice, [alice, bob, carol]), [
      '2',
      '3',
    ]);
  });

  it('tokens re-wrapped for an API that does not verify keep the genuine header and signature', async () => {
    const genuine = parseJwt(token({ sub: '1', iss: 'a', aud: 'b', exp: 2e9, iat: 1e9 }));
    const tokens = await claimTokens(genuine, { kind: 'unverified', describe: 'x' }, 1.5e9);
    assert.ok(tokens.length >= 6);
    for (const t of tokens) {
      const [h, , s] = t.token.split('.');
      assert.equal(h, genuine.segments.header);
      assert.equal(s, genuine.segments.signature);
    }
    const expired = tokens.find((t) => t.variant === 'expired one hour ago');
    assert.ok(expired && parseJwt(expired.token).payload.exp! < 1.5e9);
  });
});
