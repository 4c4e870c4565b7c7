import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp, { type Metadata } from 'sharp';
import { commit, type AppContext } from './context.ts';
import { AppError, badRequest } from './errors.ts';
import { newId } from './ids.ts';
import { absolutePath } from './files.ts';
import { sanitizeUser } from './users.ts';
import type { UserRecord } from '../store/users.ts';

/** Mattermost stores profile pictures as 128×128 PNGs (FillCenter: scaled to cover, then cropped to the middle). */
export const PROFILE_IMAGE_SIZE = 128;
const DECODABLE = new Set(['jpeg', 'png', 'gif', 'webp']);

// White initials read well on each of these (WCAG contrast ≥ 4.5 against #ffffff).
const COLOURS = ['#1f6feb', '#8250df', '#bf3989', '#cf222e', '#bc4c00', '#7d4e00', '#1a7f37', '#0a7b83', '#0969da', '#6639ba', '#a40e26', '#57606a'];

/** Where a user's uploaded picture lives under FileSettings.Directory (Mattermost's layout). */
export const profileImagePath = (userId: string) => posix.join('users', userId, 'profile.png');

/**
 * `last_picture_update`: 0 never uploaded, > 0 when the current upload was made, < 0 (minus the time) when the picture
 * was removed. Mattermost resets it to 0 on removal, which gives the default picture the URL the old upload was
 * cached under; a negative time keeps the URL new and still reads as "no upload" (not > 0).
 */
export const hasUploadedImage = (user: UserRecord) => user.last_picture_update > 0;

/** Up to two initials: first and last name when set, else the first letter or digit of the username. */
export function initialsOf(user: Pick<UserRecord, 'username' | 'first_name' | 'last_name'>): string {
  const first = (s: string) => [...s].find((ch) => /[\p{L}\p{N}]/u.test(ch)) ?? '';
  const fromNames = (first(user.first_name) + first(user.last_name)).toLocaleUpperCase();
  return fromNames || first(user.username).toLocaleUpperCase() || '?';
}

/** The background colour of a user's default picture, stable for their id. */
export function colourOf(userId: string): string {
  return COLOURS[createHash('sha256').update(userId).digest()[0]! % COLOURS.length]!;
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

// Generated pictures by initials and colour: a few thousand distinct ones at most, each ~2 KB.
const defaults = new Map<string, Promise<Buffer>>();
const MAX_CACHED_DEFAULTS = 2000;

/** The generated picture: the user's initials in white on their colour, rendered from SVG by sharp. */
export function defaultProfileImage(user: UserRecord): Promise<Buffer> {
  const initials = initialsOf(user);
  const colour = colourOf(user.id);
  const key = `${initials}|${colour}`;
  let png = defaults.get(key);
  if (!png) {
    const size = PROFILE_IMAGE_SIZE;
    const fontSize = initials.length > 1 ? 52 : 64;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">` +
      `<rect width="${size}" height="${size}" fill="${colour}"/>` +
      `<text x="50%" y="50%" dy="0.35em" text-anchor="middle" fill="#ffffff" font-size="${fontSize}" font-weight="600" ` +
      `font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">${escapeXml(initials)}</text></svg>`;
    png = sharp(Buffer.from(svg)).png().toBuffer();
    png.catch(() => defaults.delete(key));
    if (defaults.size >= MAX_CACHED_DEFAULTS) defaults.delete(defaults.keys().next().value!);
    defaults.set(key, png);
  }
  return png;
}

/** The ETag of what GET /users/{id}/image answers now, known without reading or rendering the picture. */
export function profileImageEtag(user: UserRecord): string {
  if (hasUploadedImage(user)) return `p${user.last_picture_update}`;
  return `d${createHash('sha256').update(`${initialsOf(user)}|${colourOf(user.id)}`).digest('base64url').slice(0, 16)}`;
}

/** The user's picture: the uploaded one, or the generated default (also when the upload's file has gone missing). */
export async function profileImage(ctx: AppContext, user: UserRecord): Promise<{ png: Buffer; uploaded: boolean }> {
  if (hasUploadedImage(user)) {
    try {
      return { png: await readFile(absolutePath(ctx, profileImagePath(user.id))), uploaded: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return { png: await defaultProfileImage(user), uploaded: false };
}

/** An upload written to a temporary file beside the picture, not yet checked or applied. */
export type StagedImage = { path: string; size: number };

/** The 413 for a picture over FileSettings.MaxFileSize. */
export const imageTooLarge = (limit: number) =>
  new AppError('api.user.upload_profile_user.too_large.app_error', `Unable to upload the profile image. The file exceeds the maximum allowed size of ${limit} bytes.`, 413);

/** Streams an upload to a temporary file with the size limit; on failure nothing of it remains. */
export async function stageProfileImage(ctx: AppContext, userId: string, source: Readable): Promise<StagedImage> {
  const limit = ctx.config.get().FileSettings.MaxFileSize;
  const dir = absolutePath(ctx, posix.join('users', userId));
  const staged: StagedImage = { path: posix.join(dir, `.upload-${newId()}`), size: 0 };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      staged.size += chunk.length;
      if (staged.size > limit) done(imageTooLarge(limit));
      else done(null, chunk);
    },
  });
  try {
    await mkdir(dir, { recursive: true });
    await pipeline(source, counter, createWriteStream(staged.path, { flags: 'wx' }));
    return staged;
  } catch (err) {
    source.destroy();
    await rm(staged.path, { force: true });
    if (err instanceof AppError) throw err;
    throw badRequest('api.user.upload_profile_user.parse.app_error', 'The image upload ended before it was complete.', (err as Error).message);
  }
}

/**
 * Makes a staged upload the user's picture: it must decode as a JPEG, PNG, GIF or WebP within
 * FileSettings.MaxImageResolution; it is turned upright (EXIF), scaled to cover 128×128, cropped to the middle and
 * stored as PNG. Then `last_picture_update` moves and `user_updated` goes out. The staged file is always removed.
 */
export async function setProfileImage(ctx: AppContext, user: UserRecord, staged: StagedImage): Promise<UserRecord> {
  const maxPixels = ctx.config.get().FileSettings.MaxImageResolution;
  const target = absolutePath(ctx, profileImagePath(user.id));
  const temp = `${target}.${newId()}.tmp`;
  try {
    let meta: Metadata;
    try {
      meta = await sharp(staged.path, { limitInputPixels: false }).metadata();
    } catch {
      throw notAnImage();
    }
    if (!DECODABLE.has(meta.format) || !(meta.width > 0 && meta.height > 0)) throw notAnImage();
    if (meta.width * meta.height > maxPixels) {
      throw badRequest('api.user.upload_profile_user.check_image_limits.app_error', `The image is larger than ${maxPixels} pixels (FileSettings.MaxImageResolution).`);
    }
    try {
      await sharp(staged.path, { limitInputPixels: maxPixels, failOn: 'error' })
        .autoOrient()
        .resize({ width: PROFILE_IMAGE_SIZE, height: PROFILE_IMAGE_SIZE, fit: 'cover', position: 'centre' })
        .png()
        .toFile(temp);
    } catch {
      throw notAnImage();
    }
    await rename(temp, target);
  } finally {
    await Promise.all([rm(staged.path, { force: true }), rm(temp, { force: true })]);
  }
  return pictureChanged(ctx, user, ctx.now());
}

const notAnImage = () => badRequest('api.user.upload_profile_user.decode.app_error', 'The file could not be read as an image: upload a JPEG, PNG, GIF or WebP.');

/** DELETE /users/{id}/image: back to the generated picture. */
export async function resetProfileImage(ctx: AppContext, user: UserRecord): Promise<UserRecord> {
  await rm(absolutePath(ctx, profileImagePath(user.id)), { force: true });
  return pictureChanged(ctx, user, -ctx.now());
}

async function pictureChanged(ctx: AppContext, user: UserRecord, lastPictureUpdate: number): Promise<UserRecord> {
  return commit(ctx, async (store) => {
    const current = (await store.users.get(user.id)) ?? user;
    // Two uploads within one millisecond must still get different URLs (and ETags).
    const value = lastPictureUpdate > 0 ? Math.max(lastPictureUpdate, current.last_picture_update + 1) : lastPictureUpdate;
    const now = ctx.now();
    await store.users.update(user.id, { last_picture_update: value, update_at: now });
    const updated = { ...current, last_picture_update: value, update_at: now };
    return { result: updated, events: [{ event: 'user_updated', data: { user: sanitizeUser(ctx, updated, null) }, broadcast: {} }] };
  });
}
