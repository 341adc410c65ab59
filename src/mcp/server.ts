import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { validateConfig } from '../config/load.ts';
import type { ScanConfig } from '../config/types.ts';
import { diffReports } from '../diff/diff.ts';
import { renderDiff } from '../diff/render.ts';
import { runScan } from '../engine/scan.ts';
import { RENDERERS } from '../report/format/index.ts';
import type { ScanReport } from '../report/types.ts';
import { ScanStore } from '../store/store.ts';
import { VERSION } from '../version.ts';
import { explainFinding } from './explain.ts';

export interface McpOptions {
  /** Scan store file; the default store when omitted. */
  storePath?: string;
}

type Text = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };
const text = (t: string): Text => ({ content: [{ type: 'text', text: t }] });
const failure = (t: string): Text => ({ content: [{ type: 'text', text: t }], isError: true });

/** apiward as MCP tools: scan an API, read and list saved scans, explain a finding, compare two scans. */
export function createMcpServer(options: McpOptions = {}): McpServer {
  const server = new McpServer({ name: 'apiward', version: VERSION });
  const withStore = <T>(fn: (store: ScanStore) => T): T => {
    const store = new ScanStore(options.storePath);
    try {
      return fn(store);
    } finally {
      store.close();
    }
  };
  const guard = async (fn: () => Promise<Text> | Text): Promise<Text> => {
    try {
      return await fn();
    } catch (error) {
      return failure(error instanceof Error ? error.message : String(error));
    }
  };

  server.registerTool(
    'scan_api',
    {
      title: 'Scan an API',
      description:
        'Runs an apiward black-box security scan of a running HTTP API (authentication, JWT, sessions, authorization) and saves it. Returns the score, grade, findings and the scan id.',
      inputSchema: {
        url: z.string().describe('Base URL of the API, e.g. http://127.0.0.1:8080'),
        spec: z.string().optional().describe('OpenAPI document: file, URL, or path on the target'),
        identities: z
          .record(z.string(), z.unknown())
          .optional()
          .describe(
            'Identities as in the config file: {"alice": {"bearer": "..."}, "bob": {"login": {...}}}',
          ),
        checks: z
          .array(z.string())
          .optional()
          .describe('Only these check ids (a trailing * matches a prefix)'),
        active: z.boolean().optional().describe('Allow probes with methods other than GET/HEAD/OPTIONS'),
        maxRequests: z.number().int().positive().optional(),
      },
    },
    (args) =>
      guard(async () => {
        const config: ScanConfig = validateConfig(
          {
            ...(args.spec ? { spec: args.spec } : {}),
            ...(args.identities ? { identities: args.identities } : {}),
            ...(args.checks ? { checks: { include: args.checks } } : {}),
            ...(args.active ? { active: true } : {}),
            ...(args.maxRequests ? { maxRequests: args.maxRequests } : {}),
          },
          'given to scan_api',
        );
        const report = await runScan({ target: args.url, config });
        const id = withStore((store) => store.save(report));
        return text(`Scan id: ${id}\n\n${RENDERERS.summary(report)}`);
      }),
  );

  server.registerTool(
    'get_scan',
    {
      title: 'Get a saved scan',
      description: 'Shows a saved scan by id (or unambiguous prefix, or "latest").',
      inputSchema: {
        scanId: z.string(),
        format: z.enum(['summary', 'markdown', 'json']).optional().describe('default summary'),
      },
    },
    (args) =>
      guard(() => {
        const report = withStore((store) => store.get(args.scanId)?.report);
        if (!report) return failure(`No saved scan "${args.scanId}".`);
        return text(RENDERERS[args.format ?? 'summary'](report));
      }),
  );

  server.registerTool(
    'list_scans',
    {
      title: 'List saved scans',
      description: 'Lists saved scans, newest first: id, date, target, score, grade, findings.',
      inputSchema: {
        limit: z.number().int().positive().max(200).optional(),
        target: z.string().optional().describe('only scans of this target URL'),
      },
    },
    (args) =>
      guard(() => {
        const scans = withStore((store) =>
          store.list({ limit: args.limit ?? 20, ...(args.target ? { target: args.target } : {}) }),
        );
        if (!scans.length) return text('No saved scans.');
        return text(
          scans
            .map(
              (s) =>
                `${s.id}  ${s.createdAt}  ${s.target}  score ${s.score} (${s.grade})  ${s.findings} finding(s)`,
            )
            .join('\n'),
        );
      }),
  );

  server.registerTool(
    'explain_finding',
    {
      title: 'Explain a finding',
      description:
        'Explains one finding of a saved scan: what it means, the evidence, how to reproduce it, and the remediation for the API stack (detected, or given as framework/datastore/language).',
      inputSchema: {
        scanId: z.string(),
        findingId: z
          .string()
          .describe('finding id, or a check id when the scan has one finding of that check'),
        framework: z.string().optional().describe('e.g. flask, express'),
        datastore: z.string().optional().describe('e.g. dynamodb, postgresql'),
        language: z.string().optional(),
      },
    },
    (args) =>
      guard(() => {
        const report = withStore((store) => store.get(args.scanId)?.report);
        if (!report) return failure(`No saved scan "${args.scanId}".`);
        const finding = findFinding(report, args.findingId);
        if (!finding) {
          return failure(
            `No finding "${args.findingId}" in scan ${args.scanId}. Findings: ${report.findings.map((f) => `${f.id} (${f.check})`).join(', ') || 'none'}`,
          );
        }
        const override = {
          ...(args.framework ? { framework: args.framework } : {}),
          ...(args.datastore ? { datastore: args.datastore } : {}),
          ...(args.language ? { language: args.language } : {}),
        };
        return text(explainFinding(report, finding, override));
      }),
  );

  server.registerTool(
    'compare_scans',
    {
      title: 'Compare two scans',
      description:
        'New, fixed and changed findings between two saved scans, with the score and grade change.',
      inputSchema: { oldScanId: z.string(), newScanId: z.string() },
    },
    (args) =>
      guard(() => {
        const [before, after] = withStore((store) => [store.get(args.oldScanId), store.get(args.newScanId)]);
        if (!before || !after) return failure(`No saved scan "${before ? args.newScanId : args.oldScanId}".`);
        return text(renderDiff(diffReports(before.report, after.report), 'markdown'));
      }),
  );

  return server;
}

function findFinding(report: ScanReport, ref: string) {
  const byId = report.findings.find((f) => f.id === ref || f.id.startsWith(ref));
  if (byId) return byId;
  const byCheck = report.findings.filter((f) => f.check === ref);
  return byCheck.length === 1 ? byCheck[0] : undefined;
}
