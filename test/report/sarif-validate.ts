import assert from 'node:assert/strict';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import schema from '../../schema/sarif-2.1.0-rtm.5.json' with { type: 'json' };

// The official OASIS SARIF 2.1.0 schema (draft-04), vendored from @microsoft/jest-sarif.
// unicodeRegExp is off because the schema's "language" pattern is not valid in unicode mode.
const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

export function assertValidSarif(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF does not match the 2.1.0 schema: ${ajv.errorsText(validate.errors)}`);
}
