import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { DEMO_IDENTITIES, type RunningDemo, startDemoServer } from '../../src/demo/server.ts';
import type { ScanReport } from '../../src/report/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = join(ROOT, 'src/action/main.ts');
const CHECKS = 'auth-missing,auth-method-bypass,security-headers';
let demo: RunningDemo;
const dirs: string[] = [];

before(async () => {
  demo = await startDemoServer();
});
after(async () => {
  await demo?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Runs the action's entry point the way a runner does: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const workspace = mkdtempSync(join(tmpdir(), 'apiward-action-'));
  dirs.push(workspace);
  const outputFile = join(workspace, 'github_output');
  const summaryFile = join(workspace, 'step_summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: workspace,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
  };
  // A JavaScript action sees `fail-on` as INPUT_FAIL-ON; the composite action.yml maps it to INPUT_FAIL_ON.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((resolve) => {
    execFile(process.execPath, [ENTRY], { cwd: workspace, env, timeout: 60_000 }, (error, stdout) => {
      resolve({
        code: error ? ((error as { code?: number }).code ?? 1) : 0,
        stdout,
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        workspace,
      });
    });
  });
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

describe('GitHub Action entry point', () => {
  it('scans, writes reports, sets outputs, annotates and writes the job summary', async () => {
    const run = await runAction({
      url: demo.url,
      identities: JSON.stringify(DEMO_IDENTITIES),
      checks: CHECKS,
      formats: 'sarif,junit,markdown,json',
      'fail-on': 'critical',
    });
    assert.equal(run.code, 0, run.stdout);
    const report = JSON.parse(readFileSync(join(run.workspace, run.outputs.json!), 'utf8')) as ScanReport;
    assert.equal(run.outputs.score, String(report.score));
    assert.equal(run.outputs.grade, report.grade);
    assert.equal(run.outputs['findings-count'], String(report.findings.length));
    assert.equal(run.outputs.gate, 'pass');
    assert.equal(run.outputs.sarif, 'apiward-reports/apiward-report.sarif');
    assert.deepEqual(Object.keys(JSON.parse(run.outputs.reports!)), ['sarif', 'junit', 'markdown', 'json']);
    for (const path of Object.values(JSON.parse(run.outputs.reports!) as Record<string, string>)) {
      assert.ok(existsSync(join(run.workspace, path)), path);
    }
    assert.match(run.summary, new RegExp(`## apiward: grade ${report.grade} \\(${report.score}/100\\)`));
    assert.match(run.summary, /\*\*Gate: ✅ PASS\*\*/);
    const high = report.findings.filter((f) => f.severity === 'high');
    assert.ok(high.length > 0);
    for (const f of high) {
      assert.ok(
        run.stdout.includes(
          `::error title=apiward high%3A ${f.title}::${f.endpoint.method} ${f.endpoint.path}`,
        ),
        f.title,
      );
    }
    assert.doesNotMatch(run.stdout, /::(error|warning)[^\n]*apiward low/, 'low findings are not annotated');
  });

  it('fails the step when the score is under the threshold, and says why', async () => {
    const run = await runAction({
      url: demo.url,
      identities: JSON.stringify(DEMO_IDENTITIES),
      checks: CHECKS,
      threshold: '95',
    });
    assert.equal(run.code, 1);
    assert.equal(run.outputs.gate, 'fail');
    assert.match(run.stdout, /::error::apiward gate failed: score \d+ is below the threshold 95/);
    assert.match(run.summary, /\*\*Gate: ❌ FAIL\*\*/);
    assert.ok(
      existsSync(join(run.workspace, run.outputs.sarif!)),
      'reports are written even when the gate fails',
    );
  });

  it('rejects bad inputs with an error naming them (exit 2)', async () => {
    const badJson = await runAction({ url: demo.url, identities: '{alice: oops' });
    assert.equal(badJson.code, 2);
    assert.match(badJson.stdout, /::error::apiward: input "identities" is not valid JSON/);
    const badKey = await runAction({ url: demo.url, identities: JSON.stringify({ alice: { bearr: 'x' } }) });
    assert.equal(badKey.code, 2);
    assert.match(badKey.stdout, /identities\.alice: unknown key "bearr"/);
    const noUrl = await runAction({});
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stdout, /input "url" is required/);
  });
});

describe('action.yml', () => {
  const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Array<{ id?: string; env?: Record<string, string>; run?: string }> };
  };
  const scan = action.runs.steps.find((s) => s.id === 'scan')!;

  it('passes every input to the entry point as INPUT_*', () => {
    assert.equal(action.inputs.url?.required, true);
    for (const name of Object.keys(action.inputs)) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      assert.equal(scan.env?.[variable], `\${{ inputs.${name} }}`, variable);
    }
    assert.match(scan.run ?? '', /src\/action\/main\.ts/);
  });

  it('declares outputs the entry point writes', () => {
    const written = [
      'score',
      'grade',
      'findings-count',
      'gate',
      'reports',
      'sarif',
      'junit',
      'markdown',
      'html',
      'pdf',
      'json',
    ];
    for (const [name, output] of Object.entries(action.outputs)) {
      assert.equal(output.value, `\${{ steps.scan.outputs.${name} }}`);
      assert.ok(written.includes(name), `${name} is written by src/action/run.ts`);
    }
  });
});
