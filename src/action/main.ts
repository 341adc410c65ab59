// GitHub Action entry point (action.yml runs it with Node 24): inputs from INPUT_*, results to GITHUB_OUTPUT.
import { runAction } from './run.ts';

process.exitCode = await runAction(process.env, { log: (line) => process.stdout.write(`${line}\n`) });
