import { decodeFlaskCookie, flaskSignature, signFlaskCookie } from '../../src/session/flask.ts';

export { decodeFlaskCookie, signFlaskCookie };

/** What Flask does on every request: recompute the signature with the app's key. */
export function flaskSignatureOk(value: string, key: string): boolean {
  const i = value.lastIndexOf('.');
  return i > 0 && flaskSignature(value.slice(0, i), key) === value.slice(i + 1);
}
