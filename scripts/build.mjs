#!/usr/bin/env node
// `npm run build`: compiles the server (src/ → dist/) and the browser client
// (src/web/client → src/web/public/app.js), then copies the files the server reads at
// run time (views, migrations, YAML packs and schedules, public assets) beside the
// compiled code, so dist/ runs on its own with `node dist/main.js`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (args) => execFileSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });

run(['-p', 'src/web/client']);
run(['-p', 'tsconfig.build.json']);

// Migrations are applied from dist/: one renamed or removed in src/ must not linger there.
rmSync(join(root, 'dist', 'platform', 'db', 'migrations'), { recursive: true, force: true });

const assets = new Set(['.njk', '.sql', '.yaml', '.css', '.js']);

// Templates are found by name across every views/ folder, shared first: a copy left in dist/ by an older
// build (say web/views/citizen.njk, before it moved to citizens/views/) would shadow the current one.
// Only this script puts templates in dist/, so clear them all and copy afresh.
const clearTemplates = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) clearTemplates(path);
    else if (extname(entry.name) === '.njk') rmSync(path);
  }
};
clearTemplates(join(root, 'dist'));

const skip = new Set([join(root, 'src', 'web', 'client')]);
let copied = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip.has(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (assets.has(extname(name))) {
      const to = join(root, 'dist', relative(join(root, 'src'), path));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(path, to);
      copied++;
    }
  }
};
walk(join(root, 'src'));
console.log(`built dist/ (${copied} asset files copied)`);
