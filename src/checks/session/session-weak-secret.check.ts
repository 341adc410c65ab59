import { sameData, verdict } from '../../analysis/compare.ts';
import { markersIn } from '../../analysis/sensitive.ts';
import type { Credential } from '../../auth/credential.ts';
import { PCI, SOC2 } from '../../core/compliance.ts';
import type { Exchange, FindingDraft } from '../../core/types.ts';
import { type CrackResult, crack } from '../../crack/index.ts';
import type { Check, CheckContext, IdentityView } from '../../engine/context.ts';
import {
  crackTargetFor,
  FORMAT_NAMES,
  forgeSignedCookie,
  type SignedCookie,
  swapValues,
} from '../../session/index.ts';
import { candidateSources, type SeenCookie, signedCookies } from './cookies.ts';
import { askWith, authenticatedLike, sessionProbe } from './probe.ts';

/**
 * A signed client-side session cookie (Flask/itsdangerous, Express cookie-signature, Django signed
 * cookies) whose secret is in a list of defaults and placeholders. Proof: the secret recomputes the
 * cookie's signature offline, then a session forged for another configured user is accepted and
 * answered like that user's own, while the same forgery with a wrong signature is refused.
 */
const check: Check = {
  meta: {
    id: 'session-weak-secret',
    title: 'Session cookie signed with a guessable secret key',
    category: 'authentication',
    severity: 'critical',
    owasp: 'API2:2023',
    cwe: 'CWE-1392',
    description:
      'The secret that signs the session cookie is a known default or placeholder. Anyone can sign their own session cookie and become any user.',
    references: [
      'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/',
      'https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY',
      'https://cwe.mitre.org/data/definitions/1392.html',
    ],
    compliance: [PCI.keyManagement, SOC2.logicalAccess],
  },
  async run(ctx) {
    const seen = await signedCookies(ctx);
    const drafts: FindingDraft[] = [];
    const done = new Set<string>();
    for (const s of seen) {
      const key = `${s.cookie.kind}:${s.cookie.name}`;
      if (done.has(key)) continue;
      const result = await ctx.memo(`crack:${key}:${s.cookie.value}`, () => crackCookie(ctx, s.cookie));
      if (result.secret === undefined) continue;
      done.add(key);
      drafts.push(await prove(ctx, s, seen, result));
    }
    return drafts;
  },
};

function crackCookie(ctx: CheckContext, cookie: SignedCookie): Promise<CrackResult> {
  ctx.progress(`cracking the ${FORMAT_NAMES[cookie.kind]} "${cookie.name}"`);
  return crack(crackTargetFor(cookie), candidateSources(ctx.settings.wordlists), { signal: ctx.signal });
}

async function prove(
  ctx: CheckContext,
  s: SeenCookie,
  all: SeenCookie[],
  result: CrackResult,
): Promise<FindingDraft> {
  const secret = result.secretBytes ?? result.secret!;
  const facts: Record<string, string> = {
    format: FORMAT_NAMES[s.cookie.kind],
    'secret key (cracked offline)': JSON.stringify(result.secret),
    'candidates tried': String(result.tried),
  };
  if (s.cookie.data !== undefined) facts['session contents (decoded)'] = JSON.stringify(s.cookie.data);
  const url = new URL((s.setBy ?? s.owner?.loginExchange)?.request.url ?? ctx.target.baseUrl.toString());
  const endpoint = { method: s.setBy?.request.method ?? 'GET', path: url.pathname };
  const offline: FindingDraft = {
    endpoint,
    variant: s.cookie.name,
    severity: 'high',
    confidence: 'confirmed',
    title: `Session cookie "${s.cookie.name}" signed with a guessable secret key`,
    evidence: {
      summary: `The ${FORMAT_NAMES[s.cookie.kind]} "${s.cookie.name}" is signed with ${JSON.stringify(result.secret)}: the signature recomputes offline, so anyone can sign session cookies.`,
      exchanges: s.setBy ? [s.setBy] : [],
      facts,
    },
  };
  const attacker = s.owner ?? all.find((x) => x.owner && x.cookie.name === s.cookie.name)?.owner;
  if (!attacker || s.cookie.raw === undefined) return offline;
  for (const victim of ctx.identities) {
    if (victim === attacker) continue;
    const forged = await forgeFor(ctx, s.cookie, attacker, victim, secret);
    if (forged) {
      return {
        ...offline,
        severity: 'critical',
        title: `Session cookie "${s.cookie.name}" forged with a guessable secret key: any user can be impersonated`,
        evidence: {
          summary: `With the cracked key ${JSON.stringify(result.secret)}, a "${s.cookie.name}" cookie forged for ${victim.name} (${forged.changed.join(', ')} changed) was accepted as ${victim.name}'s session, while the same cookie with a wrong signature was refused.`,
          exchanges: forged.exchanges,
          facts: { ...facts, 'forged session contents': forged.contents },
        },
      };
    }
  }
  const resigned = await resignSame(ctx, s.cookie, attacker, secret);
  if (resigned) {
    return {
      ...offline,
      severity: 'critical',
      evidence: {
        ...offline.evidence,
        summary: `${offline.evidence.summary} A cookie freshly signed with that key was accepted as ${attacker.name}'s session and a wrongly signed one was refused.`,
        exchanges: resigned,
      },
    };
  }
  return offline;
}

function cookieCredential(attacker: IdentityView, name: string, value: string): Credential[] {
  return [
    ...attacker.credentials().filter((c) => !(c.placement.in === 'cookie' && c.placement.name === name)),
    { placement: { in: 'cookie', name }, value },
  ];
}

/** The forged value with its signature replaced by one no key produces. */
function badSignature(value: string): string {
  const sep = value.lastIndexOf(':') > value.lastIndexOf('.') ? ':' : '.';
  const i = value.lastIndexOf(sep);
  const sig = value.slice(i + 1);
  const flipped = sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  return `${value.slice(0, i + 1)}${flipped}`;
}

async function forgeFor(
  ctx: CheckContext,
  cookie: SignedCookie,
  attacker: IdentityView,
  victim: IdentityView,
  secret: string | Uint8Array,
): Promise<{ exchanges: Exchange[]; changed: string[]; contents: string } | undefined> {
  const swap = new Map<string, string>();
  for (const [name, value] of attacker.markers) {
    const theirs = victim.markers.get(name);
    if (theirs !== undefined && theirs !== value && value.length > 0) swap.set(value, theirs);
  }
  const { value: raw, changed } = swapValues(cookie.raw, swap);
  if (changed.length === 0) return undefined;
  const probe = await sessionProbe(ctx, victim);
  if (!probe) return undefined;
  const forged = forgeSignedCookie(cookie, raw, secret);
  const asAttacker = await ctx.http.send(
    { method: 'GET', url: probe.path },
    { identity: attacker, label: `${attacker.name}'s genuine session on ${victim.name}'s resource` },
  );
  const control = await ctx.http.send(
    { method: 'GET', url: probe.path },
    {
      identity: attacker,
      credentials: cookieCredential(attacker, cookie.name, badSignature(forged)),
      label: `control: session for ${victim.name} with a wrong signature`,
    },
  );
  const attack = await askWith(
    ctx,
    { ...probe, identity: attacker },
    cookieCredential(attacker, cookie.name, forged),
    `attack: session for ${victim.name} forged with the cracked key`,
  );
  if (!authenticatedLike(probe, attack) || !sameData(probe.genuine.response, attack.response))
    return undefined;
  if (verdict(control.response) !== 'denied') return undefined;
  const victimMarkers = markersIn(attack.response!.body, victim.markers);
  const distinct = !sameData(asAttacker.response, probe.genuine.response) || victimMarkers.length > 0;
  if (!distinct) return undefined;
  return {
    exchanges: [probe.genuine, asAttacker, control, attack],
    changed,
    contents: JSON.stringify(raw),
  };
}

async function resignSame(
  ctx: CheckContext,
  cookie: SignedCookie,
  attacker: IdentityView,
  secret: string | Uint8Array,
): Promise<Exchange[] | undefined> {
  if (cookie.kind === 'express' && cookie.raw === undefined) return undefined;
  const probe = await sessionProbe(ctx, attacker);
  if (!probe) return undefined;
  const forged = forgeSignedCookie(cookie, cookie.raw, secret);
  const control = await askWith(
    ctx,
    probe,
    cookieCredential(attacker, cookie.name, badSignature(forged)),
    'control: wrong signature',
  );
  const attack = await askWith(
    ctx,
    probe,
    cookieCredential(attacker, cookie.name, forged),
    'attack: cookie signed with the cracked key',
  );
  if (verdict(control.response) !== 'denied' || !authenticatedLike(probe, attack)) return undefined;
  return [probe.genuine, control, attack];
}

export default check;
