import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Temp file, fsync, rename: a crash never leaves a half-written file. The file is readable by its owner only (0600)
 * from its first byte; a missing folder is created with `dirMode`. Used for the config and the CLI's credentials.
 */
export async function writeAtomically(path: string, content: string, opts: { dirMode?: number } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: opts.dirMode });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
