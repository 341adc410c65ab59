// Runs every test file under test/ except the lab's (which need Debian packages: `npm run test:lab`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2] === '--lab' ? 'lab' : undefined;
const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => (only ? f.startsWith(`${only}/`) : !f.startsWith('lab/')))
  .sort()
  .map((f) => `test/${f}`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
