import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import schema from '../../schema/config.schema.json' with { type: 'json' };
import { usageError } from '../core/errors.ts';
import type { ScanConfig } from './types.ts';

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validate = ajv.compile<ScanConfig>(schema);

export const CONFIG_FILE_NAMES = ['apiward.config.json', 'apiward.config.yaml', 'apiward.config.yml'];

/** Parses and validates a config file; every problem becomes one line naming the key and why. */
export function loadConfigFile(path: string): ScanConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw usageError(
      `config file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${first}`,
    );
  }
  return validateConfig(data, path);
}

export function validateConfig(data: unknown, source: string): ScanConfig {
  if (validate(data)) return data;
  throw usageError(`config ${source}: ${describeError(validate.errors?.[0])}`);
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'invalid';
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where}: unknown key "${String(params.additionalProperty)}"`;
    case 'required':
      return `${where}: missing required key "${String(params.missingProperty)}"`;
    case 'enum':
      return `${where}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'oneOf':
      return `${where}: does not match any allowed form (check "in"/"from" and their keys)`;
    default:
      return `${where}: ${error.message ?? 'invalid'}`;
  }
}
