/** Scanner check ids (see the catalog) that forged tokens exercise. */
export type JwtAttackCheck =
  | 'jwt-alg-none'
  | 'jwt-signature-not-verified'
  | 'jwt-weak-secret'
  | 'jwt-expiry-not-enforced'
  | 'jwt-nbf-not-enforced'
  | 'jwt-issuer-not-validated'
  | 'jwt-audience-not-validated'
  | 'jwt-algorithm-confusion'
  | 'jwt-kid-injection'
  | 'jwt-jku-injection'
  | 'jwt-embedded-jwk'
  | 'jwt-psychic-signature';

/** One attack token. `variant` is short and stable: it goes into finding ids and evidence. */
export interface ForgedToken {
  token: string;
  variant: string;
  description: string;
  check: JwtAttackCheck;
  /** A negative control: a correctly validating API must reject it (never an attack by itself). */
  control?: boolean;
}
