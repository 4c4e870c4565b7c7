// Builds the web client when dist/ is missing or older than its sources, so `npm start` always serves a current
// client without a separate step. Used by `prat server` and by the browser tests.
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export const webRoot = new URL('.', import.meta.url).pathname;
// PRAT_WEB_OUT builds somewhere else (say, one folder per person working in the same checkout).
export const distDir = process.env.PRAT_WEB_OUT || join(webRoot, 'dist');
const stampFile = join(distDir, '.source-stamp');

function newestSource(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue;
    newest = Math.max(newest, newestSource(join(path, name)));
  }
  return newest;
}

/** The newest modification time among the files that go into the bundle. */
export function sourceStamp() {
  return String(Math.max(...['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newestSource(join(webRoot, p)))));
}

export function isBuildCurrent() {
  return existsSync(join(distDir, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourceStamp();
}

/** Runs `vite build` unless the current build is up to date. Returns true when it built. Throws on failure. */
export function ensureWebBuild({ quiet = false } = {}) {
  if (isBuildCurrent()) return false;
  if (!existsSync(join(webRoot, 'src'))) return false; // an installed server without client sources: serve what is there
  const stamp = sourceStamp();
  const vite = join(dirname(createRequire(join(webRoot, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  if (!quiet) process.stderr.write('Building the web client (packages/web)…\n');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', quiet ? 'error' : 'warn'], { cwd: webRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`building the web client failed (vite exited with ${result.status})`);
  writeFileSync(stampFile, stamp);
  return true;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) ensureWebBuild();
