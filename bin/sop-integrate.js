#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` via the prepare script).
// Start-up matters (it runs in every pipeline step): reuse V8's compile cache across runs, and
// answer a bare `--version` without loading the command-line parser at all.
import module from 'node:module';
import { readFileSync } from 'node:fs';

module.enableCompileCache?.();

// Before the first write: a closed stdout or stderr (`| head`) ends output quietly, not with a
// stack trace (src/cli/output-closed.ts).
const { watchOutputStreams } = await import('../dist/cli/output-closed.js');
watchOutputStreams();

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv);
}
