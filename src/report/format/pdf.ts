import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { usageError } from '../../core/errors.ts';
import type { ScanReport } from '../types.ts';
import { renderHtml } from './html.ts';
import type { RenderOptions } from './index.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Chromium flags for a one-shot, offline print: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-extensions',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pdf-header-footer',
];

/** Debian's Chromium first; other common installs (e.g. Google Chrome on GitHub's Ubuntu runners) after. */
const CANDIDATES = [
  DEFAULT_CHROMIUM,
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.APIWARD_CHROMIUM ?? CANDIDATES.find((p) => existsSync(p)) ?? DEFAULT_CHROMIUM;
}

/** The HTML report printed to PDF by the system's Chromium (Debian: apt-get install chromium). */
export async function renderPdf(report: ScanReport, options: RenderOptions = {}): Promise<Uint8Array> {
  const browser = chromiumPath();
  if (!existsSync(browser)) {
    throw usageError(
      `PDF export needs Chromium at ${browser}: install it (Debian: apt-get install chromium) or set APIWARD_CHROMIUM`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'apiward-pdf-'));
  try {
    const html = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    await writeFile(html, renderHtml(report, options));
    await run(browser, [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(html).href,
    ]);
    if (!existsSync(pdf)) throw new Error('Chromium exited without writing the PDF');
    return new Uint8Array(await readFile(pdf));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error)
        reject(new Error(`Chromium failed to print the PDF: ${error.message} ${stderr.slice(-300)}`));
      else resolve();
    });
  });
}
