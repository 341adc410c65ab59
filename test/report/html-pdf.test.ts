import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/format/html.ts';
import { renderPdf } from '../../src/report/format/pdf.ts';
import type { ScanReport } from '../../src/report/types.ts';
import { demoReport, SAMPLE_MATRIX } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'apiward-html-'));
let report: ScanReport;
let browser: Browser;

before(async () => {
  report = await demoReport();
  report.sections = { ...report.sections, authorizationMatrix: SAMPLE_MATRIX };
  const first = report.findings[0]!;
  first.remediation = {
    ...first.remediation,
    code: {
      language: 'python',
      source: '@app.before_request\ndef require_login():\n    verify_jwt_in_request()\n',
    },
  };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the report as a reader would (a local file) and records every request the page makes. */
async function open(html: string): Promise<{ page: Page; requests: string[] }> {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  return { page, requests };
}

describe('HTML report in headless Chromium', () => {
  const first = () => report.findings[0]!;
  it('shows the grade, the score, a category chart and every finding with evidence and fix', async () => {
    const { page, requests } = await open(renderHtml(report, { threshold: 90 }));
    try {
      assert.ok(await page.getByText(`Grade ${report.grade}`, { exact: true }).isVisible());
      assert.ok(await page.getByText(`${report.score}/100`).first().isVisible());
      assert.ok(await page.getByText(/Gate: FAIL — score \d+ is below the threshold 90/).isVisible());

      const chart = page.getByRole('img', { name: 'Category scores' });
      assert.ok(await chart.isVisible());
      const bars = await page.locator('svg.chart .row').evaluateAll((rows) =>
        rows.map((r) => ({
          category: r.getAttribute('data-category'),
          width: Number(r.querySelector('rect.bar')?.getAttribute('width')),
        })),
      );
      assert.equal(bars.length, report.categories.length);
      const weakest = [...report.categories].sort((a, b) => a.score - b.score)[0]!;
      const widest = Math.max(...bars.map((b) => b.width));
      assert.ok(
        bars.find((b) => b.category === weakest.category)!.width < widest,
        'a lower score draws a shorter bar',
      );

      for (const f of report.findings) {
        const card = page.locator(`#finding-${f.id}`);
        assert.ok(await card.getByRole('heading', { name: f.title }).isVisible(), `title of ${f.id} visible`);
        assert.ok(await card.getByText(f.evidence.summary).isVisible());
        assert.ok(await card.getByText(f.remediation.summary).isVisible());
        const lastStatus = f.evidence.exchanges.at(-1)?.response?.status;
        if (lastStatus)
          assert.ok(
            await card
              .locator('pre.response')
              .last()
              .textContent()
              .then((t) => t?.startsWith(`HTTP ${lastStatus}`)),
          );
        assert.ok((await card.locator('pre.curl').textContent())?.includes('curl '));
      }
      const code = page.locator(`#finding-${first().id} pre.code`);
      assert.ok(await code.isVisible(), 'the remediation code sample is shown');
      assert.match((await code.textContent()) ?? '', /def require_login\(\):/);

      const matrix = page.locator('#authorization-matrix table');
      assert.ok(await matrix.isVisible());
      assert.equal(await matrix.locator('tr').count(), SAMPLE_MATRIX.rows.length + 1);
      assert.equal(await matrix.locator('td.allowed').count(), 3);
      const leak = matrix.locator('td.leak');
      assert.equal(await leak.count(), 1, "bob reading alice's data stands out");
      assert.equal(await leak.textContent(), 'SAME DATA 200');
      assert.ok(await page.locator('#authorization-matrix th', { hasText: 'bob' }).isVisible());

      assert.deepEqual(
        requests.filter((u) => !u.startsWith('file:')),
        [],
        'the report loads nothing from the network',
      );
    } finally {
      await page.close();
    }
  });

  it('escapes hostile evidence instead of running it', async () => {
    const f = report.findings[0]!;
    const hostile = {
      ...report,
      findings: [
        {
          ...f,
          title: '<img src=x onerror="document.title=\'pwned\'">Injected',
          evidence: { ...f.evidence, summary: '<script>document.title="pwned"</script>' },
        },
      ],
    };
    const { page } = await open(renderHtml(hostile));
    try {
      assert.notEqual(await page.title(), 'pwned');
      assert.ok(await page.getByText('<script>document.title="pwned"</script>').isVisible());
      assert.equal(await page.locator('article img').count(), 0);
    } finally {
      await page.close();
    }
  });

  it('says "No findings." for a clean report; no matrix section without one, JSON for an unknown shape', async () => {
    const { page } = await open(renderHtml({ ...report, findings: [], sections: {} }));
    try {
      assert.ok(await page.getByText('No findings.').isVisible());
      assert.equal(await page.locator('#authorization-matrix').count(), 0);
    } finally {
      await page.close();
    }
    const odd = await open(
      renderHtml({ ...report, sections: { authorizationMatrix: { version: 2, grid: [] } } }),
    );
    try {
      assert.match((await odd.page.locator('#authorization-matrix pre').textContent()) ?? '', /"version": 2/);
    } finally {
      await odd.page.close();
    }
  });
});

describe('PDF export through Debian Chromium', () => {
  it('prints the HTML report to a PDF with at least one page and the grade in its text', async () => {
    const pdf = await renderPdf(report);
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const pages = pageCount(file, pdf);
    assert.ok(pages >= 1, `page count ${pages}`);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      assert.match(text, new RegExp(`Grade ${report.grade}`));
      for (const f of report.findings)
        assert.ok(text.replace(/\s+/g, ' ').includes(f.title.slice(0, 30)), f.title);
    }
  });
});

function pageCount(file: string, pdf: Uint8Array): number {
  if (existsSync('/usr/bin/pdfinfo')) {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  }
  // Chromium writes an uncompressed page tree: the root /Pages object carries the total /Count.
  const counts = [
    ...Buffer.from(pdf)
      .toString('latin1')
      .matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g),
  ];
  return Math.max(0, ...counts.map((m) => Number(m[1])));
}
