import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createViewEnvironment, govukDist, mojRoot, sharedViewsDir, viewDirs } from './views.js';

const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Template names (paths relative to their folder, with `/`) under one views folder. */
function templateNames(dir: string): string[] {
  const names: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.njk')) names.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return names.sort();
}

/** Each template name held by more than one folder, with the folders that hold it. */
function duplicateTemplates(dirs: readonly string[]): Record<string, string[]> {
  const where = new Map<string, string[]>();
  for (const dir of dirs) for (const name of templateNames(dir)) where.set(name, [...(where.get(name) ?? []), dir]);
  return Object.fromEntries([...where].filter(([, holders]) => holders.length > 1));
}

/** Every folder named `views` under src/ (at any depth). */
function viewsFoldersOnDisk(root: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const path = join(at, entry.name);
      if (entry.name === 'views') found.push(path);
      else walk(path);
    }
  };
  walk(root);
  return found.sort();
}

describe('view folders', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'liaise-views-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds a template name held by two folders', () => {
    for (const [folder, files] of Object.entries({ a: ['page.njk', 'only-a.njk'], b: ['page.njk', 'parts/x.njk'], c: ['parts/x.njk'] })) {
      for (const file of files) {
        mkdirSync(dirname(join(scratch, folder, file)), { recursive: true });
        writeFileSync(join(scratch, folder, file), '');
      }
    }
    const [a, b, c] = ['a', 'b', 'c'].map((f) => join(scratch, f));
    expect(duplicateTemplates([a!, b!, c!])).toEqual({ 'page.njk': [a, b], 'parts/x.njk': [b, c] });
    expect(duplicateTemplates([a!, c!])).toEqual({});
  });

  it('holds every template name in exactly one folder', () => {
    expect(duplicateTemplates(viewDirs)).toEqual({});
  });

  it('lets no template of ours shadow one of GOV.UK Frontend or MOJ Frontend', () => {
    const ours = viewDirs.flatMap(templateNames);
    expect(ours.filter((name) => existsSync(join(govukDist, name)) || existsSync(join(mojRoot, name)))).toEqual([]);
  });

  it('lists every views folder in src/, each holding templates, shared first', () => {
    expect([...viewDirs].sort()).toEqual(viewsFoldersOnDisk(srcRoot));
    for (const dir of viewDirs) expect(templateNames(dir), dir).not.toEqual([]);
    expect(viewDirs[0]).toBe(sharedViewsDir);
    expect(templateNames(sharedViewsDir)).toEqual(expect.arrayContaining(['error.njk', 'layout.njk']));
  });

  it('renders every template, finding what each extends, includes and imports across the folders', () => {
    const env = createViewEnvironment({ timeZone: 'UTC' });
    for (const name of viewDirs.flatMap(templateNames)) expect(() => env.render(name, {}), name).not.toThrow();
  });
});
