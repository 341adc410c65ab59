/** Which endpoints are privileged functions (admin consoles, internal tools, user listings). Pure. */
import type { Endpoint } from '../inventory/types.ts';

const PRIVILEGED_SEGMENT =
  /^(admin|admins|administration|administrator|internal|manage|management|manager|staff|superuser|sudo|root|backoffice|back-office|ops|console|moderation|moderator|system|sys|debug|actuator|metrics|config|settings-admin)$/i;
const PRIVILEGED_WORD = /admin|internal|manage|staff|superuser|backoffice|moderat|privileged|root/i;
/** A collection of people: listing every account is an administrative function. */
const USER_LISTING = /^(users|accounts|customers|members|people|employees|profiles)$/i;

export type PrivilegeReason = 'path' | 'tag' | 'operation' | 'user-listing';

export function privilegeReasons(endpoint: Endpoint): PrivilegeReason[] {
  const reasons: PrivilegeReason[] = [];
  const segments = endpoint.path.split('/').filter((s) => s !== '');
  if (segments.some((s) => PRIVILEGED_SEGMENT.test(s))) reasons.push('path');
  if (endpoint.tags.some((t) => PRIVILEGED_WORD.test(t))) reasons.push('tag');
  if (endpoint.operationId && PRIVILEGED_WORD.test(endpoint.operationId)) reasons.push('operation');
  const last = segments[segments.length - 1];
  if (last && USER_LISTING.test(last) && !endpoint.path.includes('{')) reasons.push('user-listing');
  return reasons;
}

export function isPrivilegedEndpoint(endpoint: Endpoint): boolean {
  return privilegeReasons(endpoint).length > 0;
}
