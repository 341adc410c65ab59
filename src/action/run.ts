import { mkdirSync, writeFileSync } from 'node:fs';
import { applyBaseline } from '../baseline/baseline.ts';
import { loadBaseline } from '../baseline/load.ts';
import { gateExitCode, outputPaths, parseFormats } from '../cli/output.ts';
import { loadConfigFile, validateConfig } from '../config/load.ts';
import type { ScanConfig } from '../config/types.ts';
import { ApiwardError, EXIT, usageError } from '../core/errors.ts';
import { runScan } from '../engine/scan.ts';
import { render } from '../report/format/index.ts';
import { renderMarkdown } from '../report/format/markdown.ts';
import { annotation, appendSummary, input, setOutputs } from './github.ts';

export interface ActionIo {
  log(line: string): void;
}

/** Reads the action's inputs into a scan config; every problem names the input. */
export function actionConfig(env: NodeJS.ProcessEnv): { url: string; config: ScanConfig } {
  const url = input(env, 'url');
  if (!url) throw usageError('input "url" is required (the base URL of the API to scan)');
  const file = input(env, 'config');
  const base: ScanConfig = file ? loadConfigFile(file) : {};
  const merged: Record<string, unknown> = { ...base };
  const spec = input(env, 'spec');
  if (spec) merged.spec = spec;
  const identities = input(env, 'identities');
  if (identities) {
    try {
      merged.identities = { ...base.identities, ...(JSON.parse(identities) as object) };
    } catch {
      throw usageError('input "identities" is not valid JSON (expected {"name": {"bearer": "..."}, ...})');
    }
  }
  const threshold = input(env, 'threshold');
  if (threshold !== undefined) merged.threshold = Number(threshold);
  const failOn = input(env, 'fail-on');
  if (failOn) merged.failOn = failOn;
  const checks = input(env, 'checks');
  if (checks)
    merged.checks = {
      include: checks
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  if (input(env, 'active') === 'true') merged.active = true;
  return { url, config: validateConfig(merged, 'from the action inputs') };
}

/** The action's entry point; returns the exit code (0 pass, 1 gate failed, 2 bad input, ...). */
export async function runAction(env: NodeJS.ProcessEnv, io: ActionIo): Promise<number> {
  try {
    const { url, config } = actionConfig(env);
    const formats = parseFormats(input(env, 'formats') ?? 'sarif,markdown');
    const outputDir = input(env, 'output-dir') ?? 'apiward-reports';
    const baselineFile = input(env, 'baseline');
    const baseline = baselineFile ? loadBaseline(baselineFile) : undefined;

    io.log(`apiward: scanning ${url}`);
    const full = await runScan({ target: url, config });
    const report = baseline ? applyBaseline(full, baseline, new Date(), baselineFile).report : full;
    const gateOptions = {
      ...(config.threshold !== undefined ? { threshold: config.threshold } : {}),
      ...(config.failOn ? { failOn: config.failOn } : {}),
    };

    mkdirSync(outputDir, { recursive: true });
    const paths = outputPaths(formats, { outputDir })!;
    for (const [format, path] of paths) writeFileSync(path, await render(report, format, gateOptions));

    for (const f of report.findings) {
      const level =
        f.severity === 'critical' || f.severity === 'high'
          ? 'error'
          : f.severity === 'medium'
            ? 'warning'
            : undefined;
      if (level) {
        io.log(
          annotation(
            level,
            `${f.endpoint.method} ${f.endpoint.path}: ${f.evidence.summary}`,
            `apiward ${f.severity}: ${f.title}`,
          ),
        );
      }
    }
    appendSummary(env, renderMarkdown(report, gateOptions));

    const gate = gateExitCode(report, config);
    setOutputs(env, {
      score: String(report.score),
      grade: report.grade,
      'findings-count': String(report.findings.length),
      gate: gate.code === EXIT.ok ? 'pass' : 'fail',
      ...Object.fromEntries(paths),
      reports: JSON.stringify(Object.fromEntries(paths)),
    });
    io.log(
      `apiward: score ${report.score}/100, grade ${report.grade}, ${report.findings.length} finding(s); reports in ${outputDir}`,
    );
    if (gate.reason) io.log(annotation('error', `apiward gate failed: ${gate.reason}`));
    return gate.code;
  } catch (error) {
    if (error instanceof ApiwardError) {
      io.log(annotation('error', `apiward: ${error.message}`));
      return error.exitCode;
    }
    io.log(
      annotation(
        'error',
        `apiward internal error: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return EXIT.internal;
  }
}
