import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DEMO_IDENTITIES, type RunningDemo, startDemoServer } from '../../src/demo/server.ts';
import type { ScanReport } from '../../src/report/types.ts';

const BIN = fileURLToPath(new URL('../../bin/apiward.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'apiward-mcp-'));
let demo: RunningDemo;
let client: Client;

before(async () => {
  demo = await startDemoServer();
  client = new Client({ name: 'apiward-test', version: '1.0.0' });
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      env: { ...env, APIWARD_HOME: home },
      stderr: 'pipe',
    }),
  );
});
after(async () => {
  await client?.close();
  await demo?.close();
  rmSync(home, { recursive: true, force: true });
});

type ToolResult = { content: Array<{ type: string; text?: string }>; isError?: boolean };
async function call(
  name: string,
  args: Record<string, unknown>,
): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  return { text: result.content.map((c) => c.text ?? '').join('\n'), isError: result.isError === true };
}

describe('apiward mcp (stdio, official SDK client)', () => {
  let scanId = '';
  let report: ScanReport;

  it('lists the tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['compare_scans', 'explain_finding', 'get_scan', 'list_scans', 'scan_api']);
    const scan = tools.find((t) => t.name === 'scan_api')!;
    assert.deepEqual(scan.inputSchema.required, ['url']);
  });

  it('scans an API and saves the scan', async () => {
    const res = await call('scan_api', {
      url: demo.url,
      identities: DEMO_IDENTITIES,
      checks: ['auth-missing', 'auth-method-bypass', 'security-headers'],
    });
    assert.equal(res.isError, false, res.text);
    const id = /^Scan id: (\S+)/.exec(res.text);
    assert.ok(id, res.text);
    scanId = id[1]!;
    assert.match(res.text, /Score \d+\/100 {2}Grade [A-F]/);
    assert.match(res.text, /Endpoint serves data without authentication/);
  });

  it('lists and gets the saved scan', async () => {
    const list = await call('list_scans', {});
    assert.ok(list.text.startsWith(scanId), list.text);
    const got = await call('get_scan', { scanId, format: 'json' });
    report = JSON.parse(got.text) as ScanReport;
    assert.equal(report.target.url, `${demo.url}/`);
    assert.ok(report.findings.some((f) => f.check === 'auth-missing'));
    const missing = await call('get_scan', { scanId: 'nope' });
    assert.equal(missing.isError, true);
  });

  it('explains a finding with the remediation for the given stack', async () => {
    const finding = report.findings.find((f) => f.check === 'auth-missing')!;
    const generic = await call('explain_finding', { scanId, findingId: finding.id });
    assert.equal(generic.isError, false, generic.text);
    assert.match(generic.text, /Endpoint: GET \/api\/export/);
    assert.match(generic.text, /Fix \(generic variant\)/);
    assert.match(generic.text, /curl /);
    const flask = await call('explain_finding', { scanId, findingId: 'auth-missing', framework: 'flask' });
    assert.match(flask.text, /Fix \(flask variant\): Authenticate in a before_request hook/);
    assert.match(flask.text, /```python\n[\s\S]*@app\.before_request/);
    const dynamo = await call('explain_finding', {
      scanId,
      findingId: finding.id,
      framework: 'flask',
      datastore: 'dynamodb',
    });
    assert.match(dynamo.text, /Fix \(flask\+dynamodb variant\)/);
    const bad = await call('explain_finding', { scanId, findingId: 'zzz' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, new RegExp(finding.id));
  });

  it('compares two scans and reports a bad config as a tool error', async () => {
    const same = await call('compare_scans', { oldScanId: scanId, newScanId: scanId });
    assert.match(same.text, /No regression/);
    const bad = await call('scan_api', { url: demo.url, identities: { alice: { tokne: 'x' } } });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /unknown key "tokne"/);
  });
});
