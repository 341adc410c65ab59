export type {
  AuditCheck,
  AuditIssue,
  DecodeSummary,
  SensitiveClaim,
  SensitiveKind,
  TokenAudit,
} from './audit.ts';
export {
  auditToken,
  humanDuration,
  LIFETIME_BAD_SECONDS,
  LIFETIME_NOTE_SECONDS,
  sensitiveClaims,
} from './audit.ts';
export { base64urlDecode, base64urlEncode, isBase64url } from './base64url.ts';
export type { ForgeOptions, ImpactHints } from './claims.ts';
export { claimValidationTokens, environmentVariants, forgeImpactTokens, freshTimes } from './claims.ts';
export type { JwksDocument, KeyEncoding, OpenIdConfiguration, PublicKeyInput } from './confusion.ts';
export {
  algConfusionTokens,
  parseJwks,
  parseOpenIdConfiguration,
  pickConfusionKeys,
  publicKeyEncodings,
  WELL_KNOWN_KEY_PATHS,
} from './confusion.ts';
export type { RandomBytes, TamperOptions } from './forge.ts';
export { algNoneTokens, signatureTamperTokens } from './forge.ts';
export type { AttackerKey, AttackerKeys, JkuAttack, X5uAttack } from './keyattacks.ts';
export {
  embeddedJwkTokens,
  generateAttackerKeys,
  jkuTokens,
  KID_SQL_KEY,
  kidInjectionTokens,
  x5uTokens,
} from './keyattacks.ts';
export type { Patch } from './objects.ts';
export type {
  InspectedToken,
  JsonObject,
  JsonValue,
  JweInfo,
  JwtHeader,
  JwtMatch,
  JwtParseErrorCode,
  JwtPayload,
  ParsedJwt,
  ParseOptions,
} from './parse.ts';
export {
  crackTargetOf,
  DEFAULT_MAX_TOKEN_LENGTH,
  findJwts,
  inspectToken,
  JwtParseError,
  looksLikeJwt,
  parseJwt,
} from './parse.ts';
export { psychicSignatureTokens } from './psychic.ts';
export type {
  HeaderInput,
  HmacAlg,
  HmacKey,
  PayloadInput,
  PrivateKeyInput,
  RawPayload,
  SigningKey,
} from './sign.ts';
export {
  hmacSignature,
  isHmacAlg,
  joinToken,
  rawPayload,
  resignWithClaims,
  signHmac,
  signingKeyFrom,
  signToken,
} from './sign.ts';
export type { ForgedToken, JwtAttackCheck } from './types.ts';
