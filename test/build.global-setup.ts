import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds once before the suite: the CLI tests run the compiled `bin/liaise.js`
 * (dist/), and the browser tests load the compiled client (src/web/public/app.js).
 * tsc is incremental, so a second run costs little.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
