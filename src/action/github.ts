import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';

/** GitHub Actions conventions: inputs in INPUT_* variables, outputs and job summary in files. */

/** `fail-on` arrives as INPUT_FAIL-ON from a JavaScript action, or INPUT_FAIL_ON when mapped by hand. */
export function input(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const upper = name.toUpperCase().replace(/ /g, '_');
  const value = env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`];
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Appends `name<<delimiter` blocks, safe for multi-line values. */
export function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `apiward_${randomBytes(8).toString('hex')}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
  appendFileSync(file, text);
}

export function appendSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A workflow command line such as `::error title=...::message`. */
export function annotation(level: 'error' | 'warning' | 'notice', message: string, title?: string): string {
  return `::${level}${title ? ` title=${escapeProperty(title)}` : ''}::${escapeData(message)}`;
}
