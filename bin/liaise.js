#!/usr/bin/env node
// The `liaise` command. The source is TypeScript, run through tsx's loader so
// that `npm install && npm start` needs no separate build step.
import { register } from 'tsx/esm/api';

register();
process.env.TZ ??= 'UTC';
await import('../src/main.ts');
