import { createHash } from 'node:crypto';
import { API_VERSION, PRAT_VERSION } from '../version.ts';

/** An ETag for a body built in full anyway (a channel page, a thread, a user): a digest of it, tied to this version. */
export function contentEtag(body: string | Buffer): string {
  return `${API_VERSION}.${PRAT_VERSION}.${createHash('sha256').update(body).digest('base64url').slice(0, 27)}`;
}
