import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../schema/report.schema.json' with { type: 'json' };
import type { ScanReport } from '../../src/report/types.ts';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Every report a test produces must match the published JSON Schema. */
export function assertValidReport(report: ScanReport): void {
  const ok = validate(JSON.parse(JSON.stringify(report)));
  assert.ok(ok, `report does not match schema/report.schema.json: ${ajv.errorsText(validate.errors)}`);
}

export function findingsOf(report: ScanReport, check: string) {
  return report.findings.filter((f) => f.check === check);
}
