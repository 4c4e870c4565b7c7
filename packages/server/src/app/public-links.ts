import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { FileInfoRecord } from '../store/files.ts';
import { AppError, badRequest, notFound } from './errors.ts';
import { getReadableFile, requireAttachmentsEnabled } from './files.ts';
import { isValidId } from './ids.ts';

// Public file links (FileSettings.EnablePublicLink): GET /api/v4/files/{id}/link hands a file's reader a URL that
// anyone may open, <site>/files/{id}/public?h=<hash>. The hash is Mattermost's GeneratePublicLinkHash —
// base64url(SHA-256(PublicLinkSalt + file id)) — so links made by a Mattermost server whose database and salt were
// brought over keep working. (Ids have a fixed length, so the plain hash cannot be extended into another id's.)
// Changing the salt revokes every link at once; a config without one gets one on first start (config/service.ts).

/** Mattermost's GeneratePublicLinkHash. */
export function publicLinkHash(fileId: string, salt: string): string {
  return createHash('sha256').update(salt).update(fileId).digest('base64url');
}

const disabled = () => new AppError('api.file.get_public_link.disabled.app_error', 'Public links have been disabled.', 403);

/** The salt, when public links are on; 403 otherwise (an empty salt, possible only through MM_* overrides, too). */
function publicLinkSalt(ctx: AppContext): string {
  const { EnablePublicLink, PublicLinkSalt } = ctx.config.get().FileSettings;
  if (!EnablePublicLink || PublicLinkSalt === '') throw disabled();
  return PublicLinkSalt;
}

/**
 * GET /files/{id}/link: `{link}` for a file the session may read and that is attached to a post (Mattermost refuses
 * links to uploads not yet posted: 400). 403 while public links are disabled.
 */
export async function publicLink(ctx: AppContext, session: Session, fileId: string, siteUrl: string): Promise<{ link: string }> {
  requireAttachmentsEnabled(ctx);
  const salt = publicLinkSalt(ctx);
  const file = await getReadableFile(ctx, session, fileId);
  if (file.post_id === '') throw badRequest('api.file.get_public_link.no_post.app_error', 'A public link can only be made for a file attached to a post.');
  return { link: `${siteUrl}/files/${file.id}/public?h=${publicLinkHash(file.id, salt)}` };
}

/**
 * GET /files/{id}/public?h=: the file behind a public link, with no session. 403 while public links are disabled,
 * 404 for a file that is unknown or deleted, 400 for a missing or wrong hash (Mattermost's statuses).
 */
export async function publicFile(ctx: AppContext, fileId: string, hash: string | undefined): Promise<FileInfoRecord> {
  requireAttachmentsEnabled(ctx);
  const salt = publicLinkSalt(ctx);
  const file = isValidId(fileId) ? await ctx.store.files.get(fileId) : undefined;
  if (!file || file.delete_at !== 0) throw notFound('app.file_info.get.app_error', 'Unable to find the file.');
  const expected = Buffer.from(publicLinkHash(file.id, salt));
  const given = Buffer.from(hash ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badRequest('api.file.get_file.public_invalid.app_error', 'The public link does not appear to be valid.');
  }
  return file;
}
