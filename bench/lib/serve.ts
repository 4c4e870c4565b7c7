/**
 * Runs the server of another checkout (`--server-root DIR`, for A/B comparisons of a server change): the same
 * startServer() the `prat server` command calls, with the same clean shutdown on SIGTERM.
 * Usage: node --import tsx bench/lib/serve.ts SERVER_ROOT CONFIG_PATH
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [root, configPath] = process.argv.slice(2);
if (!root || !configPath) {
  process.stderr.write('usage: serve.ts SERVER_ROOT CONFIG_PATH\n');
  process.exit(2);
}
const { startServer } = (await import(pathToFileURL(join(root, 'packages/server/src/main.ts')).href)) as typeof import('../../packages/server/src/main.ts');
const server = await startServer({ configPath });
// As `prat server` does, where the checkout has it.
const index = (await import(pathToFileURL(join(root, 'packages/server/src/index.ts')).href)) as Partial<typeof import('../../packages/server/src/index.ts')>;
index.collectGarbageAtRest?.();
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
