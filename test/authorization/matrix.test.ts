import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellState } from '../../src/authz/matrix.ts';
import type { Principal } from '../../src/authz/principals.ts';
import { isPrivilegedRole } from '../../src/authz/principals.ts';
import { notesFor } from '../../src/authz/probe.ts';
import type { Exchange } from '../../src/core/types.ts';

function exchange(status: number, body: unknown): Exchange {
  return {
    id: 1,
    label: 't',
    identity: 'x',
    request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} },
    response: {
      status,
      headers: {},
      body: typeof body === 'string' ? body : JSON.stringify(body),
      bytes: 0,
      truncated: false,
    },
    startedAt: '',
    durationMs: 0,
  };
}

const fake = (name: string, role?: string): Principal =>
  ({
    name,
    role,
    anonymous: false,
    privileged: isPrivilegedRole(role),
    markers: new Map(),
  }) as unknown as Principal;

describe('cellState', () => {
  const owner = exchange(200, { id: 7, email: 'a@example.com', fetched_at: '2024-01-01T00:00:00Z' });
  test('same data despite volatile fields', () => {
    assert.equal(
      cellState(exchange(200, { email: 'a@example.com', id: 7, fetched_at: '2025-01-01T00:00:00Z' }), owner),
      'same-data',
    );
  });
  test('denials, 404, errors, other data', () => {
    assert.equal(cellState(exchange(403, { error: 'forbidden' }), owner), 'denied');
    assert.equal(cellState(exchange(200, { error: 'access denied' }), owner), 'denied');
    assert.equal(cellState(exchange(404, {}), owner), 'not-found');
    assert.equal(cellState(exchange(500, 'boom'), owner), 'error');
    assert.equal(cellState(exchange(200, { id: 8, email: 'b@example.com' }), owner), 'allowed');
    assert.equal(cellState(exchange(400, {}), owner), 'other');
  });
});

describe('notes about identities', () => {
  test('one identity: says what a second one would unlock', () => {
    const notes = notesFor([fake('alice', 'user')], 1, 1);
    assert.ok(notes.some((n) => /second identity would unlock cross-user replay/.test(n)));
  });
  test('two users and an admin: nothing missing', () => {
    assert.deepEqual(notesFor([fake('alice', 'user'), fake('bob', 'user'), fake('root', 'admin')], 3, 1), []);
  });
  test('no admin role and no fillable object endpoint', () => {
    const notes = notesFor([fake('alice', 'user'), fake('bob')], 0, 2);
    assert.ok(notes.some((n) => /No identity with an admin role/.test(n)));
    assert.ok(notes.some((n) => /could be filled/.test(n)));
  });
  test('roles', () => {
    assert.ok(
      isPrivilegedRole('admin') &&
        isPrivilegedRole('SuperUser') &&
        !isPrivilegedRole('user') &&
        !isPrivilegedRole(undefined),
    );
  });
});
