/**
 * The spellings a secret takes on its way into requests: as is, inside a JSON string (escaped quotes,
 * backslashes, control characters), and form/query-encoded (URLSearchParams: "+" for spaces, more
 * characters escaped than encodeURIComponent). The redactor adds URI and base64 forms of each. Pure.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms];
}
