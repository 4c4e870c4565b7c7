import { rm } from 'node:fs/promises';
import multipart, { type FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { mount, route, type Call, type Route } from './router.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, badRequest } from '../app/errors.ts';
import { getUserOr404, requireSelfOrAdmin } from '../app/users.ts';
import {
  defaultProfileImage,
  imageTooLarge,
  profileImage,
  profileImageEtag,
  resetProfileImage,
  setProfileImage,
  stageProfileImage,
  type StagedImage,
} from '../app/profile-images.ts';

export const userImageRoutes: Route[] = [
  route('GET', '/users/:user_id/image', image),
  route('GET', '/users/:user_id/image/default', defaultImage),
  route('POST', '/users/:user_id/image', upload),
  route('DELETE', '/users/:user_id/image', reset),
];

/**
 * Mounts the profile image routes in a scope of their own: the upload is a multipart form read as a stream (as in
 * files.ts), not the JSON every other route parses.
 */
export async function registerUserImageRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart);
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    mount(scope, ctx, userImageRoutes);
  });
}

// Client4.getProfilePictureUrl appends `?_=<last_picture_update>`, so a URL with the current value names one exact
// upload and may be cached for good. Anything else (no or an old `_`, the generated picture, which changes with the
// user's name) is revalidated each time against its ETag, which costs a 304.
const CACHE_VERSIONED = 'private, max-age=31536000, immutable';
const CACHE_REVALIDATE = 'private, no-cache';

async function image(c: Call) {
  const user = await getUserOr404(c.app, c.id('user_id'));
  const etag = profileImageEtag(user);
  const versioned = c.query('_') === String(user.last_picture_update) && user.last_picture_update > 0;
  c.reply.header('Cache-Control', versioned ? CACHE_VERSIONED : CACHE_REVALIDATE);
  if (notModified(c, etag)) return c.reply;
  const { png, uploaded } = await profileImage(c.app, user);
  // The upload's file went missing: the default went out under the upload's ETag, so do not let it stick.
  if (!uploaded && user.last_picture_update > 0) c.reply.header('Cache-Control', CACHE_REVALIDATE).removeHeader('ETag');
  return sendPng(c, png);
}

async function defaultImage(c: Call) {
  const user = await getUserOr404(c.app, c.id('user_id'));
  c.reply.header('Cache-Control', CACHE_REVALIDATE);
  if (notModified(c, profileImageEtag({ ...user, last_picture_update: 0 }))) return c.reply;
  return sendPng(c, await defaultProfileImage(user));
}

function sendPng(c: Call, png: Buffer) {
  return c.reply.header('Content-Type', 'image/png').header('X-Content-Type-Options', 'nosniff').header('Content-Length', png.length).send(png);
}

/** Sets the ETag and answers 304 when If-None-Match names it (quoted or not, weak or not, as browsers send it). */
function notModified(c: Call, etag: string): boolean {
  c.reply.header('ETag', `"${etag}"`);
  const header = c.req.headers['if-none-match'];
  if (!header) return false;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
  if (!tags.includes(etag) && !tags.includes('*')) return false;
  void c.reply.code(304).send();
  return true;
}

async function upload(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const user = await getUserOr404(c.app, userId);
  const { MaxFileSize } = c.app.config.get().FileSettings;
  const raw = c.req.raw;
  let staged: StagedImage | undefined;
  try {
    if (Number(c.req.headers['content-length']) > MaxFileSize) throw imageTooLarge(MaxFileSize);
    if (!c.req.isMultipart()) throw badRequest('api.user.upload_profile_user.parse.app_error', 'Send the image as multipart/form-data in a field named "image".');
    // Our own counter enforces MaxFileSize (with a 413); busboy's limit sits just past it, never truncating silently.
    const options: FastifyMultipartBaseOptions = { limits: { fileSize: MaxFileSize + 1, files: 5, fields: 20, fieldSize: 4096, parts: 30 }, throwFileSizeLimit: false };
    const parts = c.req.parts(options);
    try {
      for await (const part of parts) {
        if (part.type !== 'file') continue;
        // The first "image" file is the picture (Mattermost reads only that field); others are read and dropped.
        if (part.fieldname === 'image' && !staged) staged = await stageProfileImage(c.app, userId, part.file);
        else part.file.resume();
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw badRequest('api.user.upload_profile_user.parse.app_error', 'The multipart form is malformed or incomplete.', (err as Error).message);
    }
    if (!staged) throw badRequest('api.user.upload_profile_user.no_file.app_error', 'No file under "image" in the request.');
    const image = staged;
    staged = undefined;
    await setProfileImage(c.app, user, image);
    return { status: 'OK' };
  } catch (err) {
    if (staged) await rm(staged.path, { force: true });
    if (!raw.complete) {
      // As in files.ts: stop parsing, discard the rest, close after answering so the client reads the error.
      raw.unpipe();
      raw.resume();
      c.reply.header('Connection', 'close');
    }
    throw err;
  }
}

async function reset(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const user = await getUserOr404(c.app, userId);
  await resetProfileImage(c.app, user);
  return { status: 'OK' };
}
