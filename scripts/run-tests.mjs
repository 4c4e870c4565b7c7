#!/usr/bin/env node
// Runs every *.test.ts beside the code with Node's own test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are found here. Extra arguments filter by path substring.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, path));
  }
  return out;
}

const files = find(join(root, 'packages')).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Build the web client once, before test files that may run side by side each ask for a current build.
if (files.some((f) => f.startsWith('packages/web/e2e/'))) {
  const { ensureWebBuild } = await import('../packages/web/build.mjs');
  ensureWebBuild({ quiet: true });
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
