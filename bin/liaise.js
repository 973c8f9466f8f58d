#!/usr/bin/env node
// The `liaise` command: runs the compiled build in dist/ (`npm run build`, which
// `npm start` runs first). During development, `npm run dev` runs the source with tsx.
import { existsSync } from 'node:fs';

process.env.TZ ??= 'UTC';
const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('liaise: no build found in dist/. Run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
// `liaise scan` needs only the policy engine: its own entry point skips loading the server and the other commands.
const scanMain = new URL('../dist/policy/scan.main.js', import.meta.url);
await import(process.argv[2] === 'scan' && existsSync(scanMain) ? scanMain.href : main.href);
