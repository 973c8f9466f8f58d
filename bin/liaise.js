#!/usr/bin/env -S node --liftoff-only --max-semi-space-size=8
// The `liaise` command: runs the compiled build in dist/ (`npm run build`, which
// `npm start` runs first). During development, `npm run dev` runs the source with tsx.
//
// `--liftoff-only --max-semi-space-size=8` (on the first line, in package.json's scripts, and in the README's `node …` commands):
// V8 compiles the embedded database (PGlite, 9 MB of WebAssembly) with its baseline compiler and then
// recompiles its busiest functions with its optimising one in background threads, which took an import
// of a large export past 300 MB on Node 20 and past 700 MB on Node 24. Baseline only, a PGlite server or
// command stays under it, starts sooner, and runs queries about a quarter slower once warm. It has to be
// given to node: set from here (v8.setFlagsFromString) it works on Node 20 and does nothing on Node 24.
// `--max-semi-space-size=8` (MB): V8's young generation, half Node 20's default of 16 and well under Node 24's.
// The Buffers an import streams through (file pieces, sealed chunks, database messages) are garbage within
// moments, and a smaller nursery collects them sooner: importing a 48 MiB photo that 200 messages refer to
// peaked the PGlite server at 265-291 MB with 16 and 229-264 MB with 8 on Node 20 (249-286 MB on Node 24),
// with no measurable change in webhook throughput (bench/import-memory.ts, `npm run bench -- webhook`).
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
