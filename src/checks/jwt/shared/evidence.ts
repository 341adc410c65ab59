import { describePlacement } from '../../../auth/credential.ts';
import type { EndpointRef, Exchange, FindingDraft, Severity } from '../../../core/types.ts';
import type { CheckContext } from '../../../engine/context.ts';
import { endpointRef } from '../../shared/baseline.ts';
import type { Accepted } from './attempt.ts';
import type { JwtSubject } from './subjects.ts';
import type { Probe } from './target.ts';

/** The refused request that makes the attack meaningful: the signature control when it was refused, else the anonymous one. */
export function negativeControl(probe: Probe): Exchange {
  return probe.controlAccepted ? probe.anonymous : probe.control;
}

export function controlSentence(probe: Probe): string {
  const c = negativeControl(probe).response?.status ?? 'no answer';
  return probe.controlAccepted
    ? `an anonymous request is refused (${c})`
    : `the same token with a corrupted signature is refused (${c})`;
}

/** Where the token travelled, for summaries. */
export function where(subject: JwtSubject): string {
  return describePlacement(subject.placement);
}

export interface AttackDraftOptions {
  summary: string;
  severity?: Severity;
  title?: string;
  detail?: string;
  facts?: Record<string, string>;
  /** Further proof exchanges after the accepted attack (e.g. escalation). */
  extra?: Exchange[];
  endpoint?: EndpointRef;
  variant?: string;
}

/** Evidence: [genuine baseline, refused control, accepted attack, …extra]; the proving attack last. */
export function attackDraft(probe: Probe, accepted: Accepted, options: AttackDraftOptions): FindingDraft {
  const draft: FindingDraft = {
    endpoint: options.endpoint ?? endpointRef(probe.endpoint),
    variant: options.variant ?? accepted.forged.variant,
    evidence: {
      summary: options.summary,
      exchanges: [probe.genuine, negativeControl(probe), ...(options.extra ?? []), accepted.exchange],
      facts: {
        'forged token': accepted.forged.description,
        'token placement': where(probe.subject),
        ...options.facts,
      },
    },
  };
  if (options.severity) draft.severity = options.severity;
  if (options.title) draft.title = options.title;
  if (options.detail) draft.detail = options.detail;
  return draft;
}

/** Standard sentence: "<attack> sent as <identity> to GET <path> got the genuine answer (200); <control>." */
export function acceptedSentence(probe: Probe, accepted: Accepted, what: string): string {
  const status = accepted.exchange.response?.status ?? '?';
  const whose =
    accepted.as === probe.subject.identity.name
      ? `the same answer as ${accepted.as}'s genuine token`
      : `${accepted.as}'s data (impersonation)`;
  return `${what} sent to GET ${probe.path} (${where(probe.subject)}) got ${whose} (${status}), while ${controlSentence(probe)}.`;
}

/** The endpoint a request hit, as a path relative to the target's base path. */
export function endpointOfExchange(ctx: CheckContext, exchange: Exchange): EndpointRef {
  const url = new URL(exchange.request.url);
  const base = ctx.target.baseUrl.pathname.replace(/\/+$/, '');
  const path = base && url.pathname.startsWith(base) ? url.pathname.slice(base.length) || '/' : url.pathname;
  return { method: exchange.request.method, path };
}
