/**
 * The shared request plan of the authorization checks (memoised per scan): every readable endpoint
 * fetched as every principal, and every object an identity owns fetched by its owner and replayed
 * by every other identity and anonymously. Checks judge the recorded exchanges; the matrix is
 * published as the `authorizationMatrix` report section.
 */
import { verdict } from '../analysis/compare.ts';
import type { Exchange } from '../core/types.ts';
import type { CheckContext } from '../engine/context.ts';
import type { Endpoint } from '../inventory/types.ts';
import { type Filled, fillOwned, isObjectEndpoint } from './fill.ts';
import { buildMatrix, type RowInput } from './matrix.ts';
import { ownedObjectIds, type Principal, principalOf, SELF_PATH, selfMarkers } from './principals.ts';
import type { AuthzMatrix, AuthzNotes } from './types.ts';

const MAX_ENDPOINTS = 60;

export interface PlainRow {
  endpoint: Endpoint;
  path: string;
  /** Principal name → its answer. */
  fetches: Map<string, Exchange>;
}

export interface ObjectRow {
  endpoint: Endpoint;
  owner: Principal;
  filled: Filled;
  ownerFetch: Exchange;
  /** Principal name (every other identity and anonymous) → its replay of the owner's request. */
  replays: Map<string, Exchange>;
}

export interface AuthzProbe {
  /** Configured identities followed by anonymous. */
  principals: Principal[];
  anonymous: Principal;
  plainRows: PlainRow[];
  objectRows: ObjectRow[];
  matrix: AuthzMatrix;
  notes: string[];
}

export function readableGets(ctx: CheckContext): Endpoint[] {
  return ctx.inventory.endpoints.filter((e) => e.method === 'GET').slice(0, MAX_ENDPOINTS);
}

function fetchAs(ctx: CheckContext, p: Principal, path: string, label: string): Promise<Exchange> {
  return ctx.http.send({ method: 'GET', url: path }, p.anonymous ? { label } : { identity: p.view, label });
}

async function fetchAll(ctx: CheckContext, principals: readonly Principal[], path: string) {
  const out = new Map<string, Exchange>();
  const answers = await Promise.all(
    principals.map((p) => fetchAs(ctx, p, path, p.anonymous ? 'as anonymous' : `as ${p.name}`)),
  );
  for (const [i, p] of principals.entries()) out.set(p.name, answers[i]!);
  return out;
}

/** The memoised probe every authorization check reads. */
export function authzProbe(ctx: CheckContext): Promise<AuthzProbe> {
  return ctx.memo('authz-probe', async () => {
    const probe = await runProbe(ctx);
    ctx.section('authorizationMatrix', probe.matrix);
    const notes: AuthzNotes = { identities: probe.principals.length - 1, notes: probe.notes };
    ctx.section('authorization', notes);
    return probe;
  });
}

async function runProbe(ctx: CheckContext): Promise<AuthzProbe> {
  const identities = ctx.identities.map(principalOf);
  const anonymous = principalOf(ctx.anonymous);
  const principals = [...identities, anonymous];
  const endpoints = readableGets(ctx);
  ctx.progress('authorization: fetching every endpoint as every identity');

  const plainRows: PlainRow[] = [];
  const plainEndpoints = endpoints.filter((e) => !isObjectEndpoint(e));
  for (const endpoint of plainEndpoints) {
    const filled = fillOwned(endpoint, new Map());
    if (!filled) continue;
    plainRows.push({ endpoint, path: filled.path, fetches: new Map() });
  }
  await Promise.all(
    plainRows.map(async (row) => {
      row.fetches = await fetchAll(ctx, principals, row.path);
    }),
  );
  // "Who am I" answers teach each identity its own id; listings teach the ids of objects it owns.
  for (const p of identities) {
    for (const row of plainRows) {
      const r = row.fetches.get(p.name)?.response;
      if (!r || verdict(r) !== 'allowed') continue;
      if (SELF_PATH.test(row.endpoint.path)) {
        for (const [k, v] of selfMarkers(r.body)) if (!p.markers.has(k)) p.markers.set(k, v);
      }
    }
    for (const row of plainRows) {
      const r = row.fetches.get(p.name)?.response;
      if (!r || verdict(r) !== 'allowed') continue;
      for (const [k, v] of ownedObjectIds(r.body, p.markers)) if (!p.markers.has(k)) p.markers.set(k, v);
    }
  }

  const objectRows: ObjectRow[] = [];
  const jobs: Array<Promise<void>> = [];
  for (const endpoint of endpoints.filter(isObjectEndpoint)) {
    const seen = new Set<string>();
    for (const owner of identities) {
      const filled = fillOwned(endpoint, owner.markers);
      if (!filled || filled.owned.length === 0 || seen.has(filled.path)) continue;
      seen.add(filled.path);
      jobs.push(
        (async () => {
          const others = principals.filter((p) => p !== owner);
          const [ownerFetch, ...answers] = await Promise.all([
            fetchAs(ctx, owner, filled.path, `baseline: ${owner.name} reads its own object`),
            ...others.map((p) =>
              fetchAs(
                ctx,
                p,
                filled.path,
                p.anonymous ? `control: anonymous replay of ${owner.name}'s request` : `replay as ${p.name}`,
              ),
            ),
          ]);
          const replays = new Map<string, Exchange>();
          for (const [i, p] of others.entries()) replays.set(p.name, answers[i]!);
          objectRows.push({ endpoint, owner, filled, ownerFetch: ownerFetch!, replays });
        })(),
      );
    }
    if (seen.size === 0) {
      // No identity owns it (catalogue ids, unknown params): still in the matrix, with spec examples.
      const filled = fillOwned(endpoint, new Map());
      if (filled)
        jobs.push(
          fetchAll(ctx, principals, filled.path).then((fetches) => {
            plainRows.push({ endpoint, path: filled.path, fetches });
          }),
        );
    }
  }
  await Promise.all(jobs);
  const order = (e: Endpoint) => endpoints.indexOf(e);
  objectRows.sort(
    (a, b) =>
      order(a.endpoint) - order(b.endpoint) || identities.indexOf(a.owner) - identities.indexOf(b.owner),
  );
  plainRows.sort((a, b) => order(a.endpoint) - order(b.endpoint));

  const rows: RowInput[] = [
    ...plainRows.map((r) => ({ method: 'GET', path: r.endpoint.path, url: r.path, fetches: r.fetches })),
    ...objectRows.map((r) => ({
      method: 'GET',
      path: r.endpoint.path,
      url: r.filled.path,
      owner: r.owner,
      ownerFetch: r.ownerFetch,
      fetches: r.replays,
    })),
  ];
  return {
    principals,
    anonymous,
    plainRows,
    objectRows,
    matrix: buildMatrix(rows, principals),
    notes: notesFor(identities, objectRows.length, endpoints.filter(isObjectEndpoint).length),
  };
}

/** What the configured identities allow the tests to cover, and what more identities would unlock. Pure. */
export function notesFor(
  identities: readonly Principal[],
  ownedRows: number,
  objectEndpoints: number,
): string[] {
  const notes: string[] = [];
  const regular = identities.filter((i) => !i.privileged);
  if (identities.length === 0) {
    notes.push(
      'No identity configured: only anonymous access was tested. Configure two regular users (and an admin with role "admin") to test BOLA, token substitution and BFLA.',
    );
  } else if (identities.length === 1) {
    notes.push(
      `Only one identity (${identities[0]!.name}): tested anonymous replay of its objects and adjacent ids. A second identity would unlock cross-user replay (BOLA/IDOR, token substitution) and, with role "admin", function-level (BFLA) comparison.`,
    );
  } else if (regular.length < 2) {
    notes.push(
      "Fewer than two non-admin identities: a regular user reading another regular user's objects could not be tested. Add a second user-role identity.",
    );
  }
  if (identities.length > 0 && !identities.some((i) => i.privileged)) {
    notes.push(
      'No identity with an admin role: privileged functions were judged by name, spec tags and data, not against an admin baseline.',
    );
  }
  if (objectEndpoints > 0 && ownedRows === 0 && identities.length > 0) {
    notes.push(
      'No object endpoint could be filled with an id an identity owns: add markers (e.g. user_id) to the identities or endpoints such as GET /users/{user_id} to the config.',
    );
  }
  return notes;
}
