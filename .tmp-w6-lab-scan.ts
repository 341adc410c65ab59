import { startLab } from '/work/main/lab/launcher.ts';
import { runScan } from '/work/main/src/engine/scan.ts';

const ids = process.argv.slice(2);
const lab = await startLab(ids.length ? ids : ['002']);
const who = (u: string, p: string) => ({
  login: { method: 'POST' as const, path: '/login', json: { email: u, password: p }, extract: { from: 'cookie' as const, name: 'session' } },
});
try {
  for (const app of lab.apps) {
    const t0 = Date.now();
    const report = await runScan({
      target: app.url,
      config: {
        active: process.env.ACTIVE === '1',
        identities: { alice: who('alice@example.com', 'alice-pass-1'), bob: who('bob@example.com', 'bob-pass-2') },
        endpoints: ['GET /me', 'GET /user/{user_id}', 'POST /register', 'POST /logout'],
        checks: { include: (process.env.CHECKS ?? 'session-*,token-replay,logout-*,user-enumeration,login-*,default-credentials,credentials-in-url,duplicate-registration,debug-console,error-leakage').split(',') },
      },
    });
    console.log(`== ${app.id} (${Date.now() - t0} ms, ${report.requestsSent} req) fw=${report.fingerprint.framework} ds=${report.fingerprint.datastore}`);
    for (const f of report.findings) console.log(`  ${f.check} ${f.severity} ${f.endpoint.method} ${f.endpoint.path} [${f.remediation.variant}] :: ${f.evidence.summary.slice(0, 230)}`);
    for (const e of report.checkErrors) console.log(`  ERROR ${e.check}: ${e.message}`);
  }
} finally {
  await lab.stop();
}
