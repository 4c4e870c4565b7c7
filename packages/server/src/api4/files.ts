import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { posix } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import multipart, { type FastifyMultipartBaseOptions } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mount, route, type Call, type Route } from './router.ts';
import type { AppContext } from '../app/context.ts';
import { AppError, badRequest, invalidParam, noPermission } from '../app/errors.ts';
import { hasPermission } from '../app/permissions.ts';
import {
  fileInfoJson,
  fileTooLarge,
  getFilesForPost,
  getReadableFile,
  rawUploadParts,
  requireAttachmentsEnabled,
  statStored,
  uploadFiles,
  type UploadPart,
} from '../app/files.ts';
import { contentDisposition, contentTypeFor, INLINE_IMAGE_TYPES } from '../app/file-names.ts';
import { publicFile, publicLink } from '../app/public-links.ts';
import { searchFiles } from '../app/file-search.ts';
import { parseSearchRequest } from '../app/search.ts';

export const fileRoutes: Route[] = [
  route('POST', '/files', upload, 'session', 201),
  route('GET', '/files/:file_id', download),
  route('GET', '/files/:file_id/info', info),
  route('GET', '/files/:file_id/thumbnail', thumbnail),
  route('GET', '/files/:file_id/preview', preview),
  route('GET', '/files/:file_id/link', link),
  route('GET', '/posts/:post_id/files/info', forPost),
];

/** File search reads a JSON body, so it is mounted with the JSON routes, not in the upload scope below. */
export const fileSearchRoutes: Route[] = [
  route('POST', '/teams/:team_id/files/search', searchInTeam),
  route('POST', '/files/search', searchEverywhere),
];

/** Public links are served outside /api/v4, to anyone holding one (Mattermost's /files/{id}/public). */
export const publicFileRoutes: Route[] = [route('GET', '/files/:file_id/public', publicDownload, 'none')];

/**
 * Mounts the file routes in a scope of their own, because uploads must see the request body as a stream: multipart
 * forms through @fastify/multipart, any other type raw (Mattermost's `?channel_id=&filename=` upload). Elsewhere
 * the API reads every body as JSON.
 */
export async function registerFileRoutes(api: FastifyInstance, ctx: AppContext): Promise<void> {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart);
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    mount(scope, ctx, fileRoutes);
  });
}

async function upload(c: Call) {
  requireAttachmentsEnabled(c.app);
  const { MaxFileSize } = c.app.config.get().FileSettings;
  const raw = c.req.raw;
  try {
    let parts: AsyncIterable<UploadPart>;
    if (c.req.isMultipart()) {
      parts = multipartParts(c.req, MaxFileSize);
    } else {
      if (c.query('channel_id') === undefined) throw invalidParam('channel_id');
      if (Number(c.req.headers['content-length']) > MaxFileSize) throw fileTooLarge(MaxFileSize, c.query('filename'));
      parts = rawUploadParts(detachedBody(raw), c.query('filename'), c.query('client_id'));
    }
    return await uploadFiles(c.app, c.session, parts, { channelId: c.query('channel_id') });
  } catch (err) {
    if (!raw.complete) {
      // The client may still be sending. Stop parsing, discard what arrives meanwhile (so the close is clean and the
      // client reads the error), and close the connection after the answer instead of reading the rest.
      raw.unpipe();
      raw.resume();
      c.reply.header('Connection', 'close');
    }
    throw err;
  }
}

/** The parts of a multipart form, in order; whatever the parser reports as broken becomes a 400. */
async function* multipartParts(req: FastifyRequest, maxFileSize: number): AsyncGenerator<UploadPart> {
  // Our own counter enforces MaxFileSize (with a 413); busboy's limit sits just past it, never truncating silently.
  const options: FastifyMultipartBaseOptions = { limits: { fileSize: maxFileSize + 1, fields: 20, fieldSize: 4096, parts: 50 }, throwFileSizeLimit: false };
  const parts = req.parts(options);
  try {
    for await (const p of parts) {
      if (p.type === 'file') {
        yield { kind: 'file', field: p.fieldname, filename: p.filename, stream: p.file };
        continue;
      }
      if (p.valueTruncated || typeof p.value !== 'string') throw badRequest('api.file.upload_file.bad_field.app_error', `The form field "${p.fieldname}" is not valid.`);
      yield { kind: 'field', name: p.fieldname, value: p.value };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badRequest('api.file.upload_file.malformed.app_error', 'The multipart form is malformed or incomplete.', (err as Error).message);
  }
}

/**
 * The request body as a stream whose failure does not take the request with it: pipeline() destroys its source on
 * error, and destroying a request destroys its socket, so a 413 could never be answered. An aborted request fails it.
 */
function detachedBody(raw: IncomingMessage): Readable {
  const body = new PassThrough();
  const abort = () => {
    if (!raw.complete) body.destroy(new Error('The request ended before its body was complete.'));
  };
  raw.once('error', abort);
  raw.once('close', abort);
  raw.pipe(body);
  return body;
}

async function info(c: Call) {
  requireAttachmentsEnabled(c.app);
  return fileInfoJson(await getReadableFile(c.app, c.session, c.id('file_id')));
}

async function download(c: Call) {
  requireAttachmentsEnabled(c.app);
  const file = await getReadableFile(c.app, c.session, c.id('file_id'));
  // The type is ours, from the extension; only raster images may be shown in the browser, and only if not asked
  // to download.
  const type = contentTypeFor(file.extension);
  const inline = INLINE_IMAGE_TYPES.has(type) && !wantsDownload(c);
  return sendStored(c, file.path, type, inline ? 'inline' : 'attachment', file.name);
}

async function thumbnail(c: Call) {
  requireAttachmentsEnabled(c.app);
  const file = await getReadableFile(c.app, c.session, c.id('file_id'));
  if (!file.thumbnail_path) throw badRequest('api.file.get_file_thumbnail.no_thumbnail.app_error', 'This file has no thumbnail image.');
  return sendStored(c, file.thumbnail_path, 'image/jpeg', wantsDownload(c) ? 'attachment' : 'inline', posix.basename(file.thumbnail_path));
}

async function preview(c: Call) {
  requireAttachmentsEnabled(c.app);
  const file = await getReadableFile(c.app, c.session, c.id('file_id'));
  if (!file.preview_path) throw badRequest('api.file.get_file_preview.no_preview.app_error', 'This file has no preview image.');
  return sendStored(c, file.preview_path, 'image/jpeg', wantsDownload(c) ? 'attachment' : 'inline', posix.basename(file.preview_path));
}

async function link(c: Call) {
  return publicLink(c.app, c.session, c.id('file_id'), siteUrl(c));
}

/** ServiceSettings.SiteURL, or else the address the client used (Mattermost's GetSiteURLHeader). */
function siteUrl(c: Call): string {
  const configured = c.app.config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
  return configured !== '' ? configured : `${c.req.protocol}://${c.req.host}`;
}

/** The file behind a public link: the same safe headers as a download; shown inline only if a raster image. */
async function publicDownload(c: Call) {
  const file = await publicFile(c.app, c.id('file_id'), c.query('h'));
  const type = contentTypeFor(file.extension);
  return sendStored(c, file.path, type, INLINE_IMAGE_TYPES.has(type) && !wantsDownload(c) ? 'inline' : 'attachment', file.name);
}

async function searchInTeam(c: Call) {
  const teamId = c.id('team_id');
  return searchFiles(c.app, c.session, teamId, parseSearchRequest(c.object('search'), 'api.post.search_files.invalid_body.app_error'));
}

async function searchEverywhere(c: Call) {
  return searchFiles(c.app, c.session, undefined, parseSearchRequest(c.object('search'), 'api.post.search_files.invalid_body.app_error'));
}

async function forPost(c: Call) {
  requireAttachmentsEnabled(c.app);
  const includeDeleted = c.bool('include_deleted');
  if (includeDeleted && !hasPermission(c.session, 'manage_system')) throw noPermission('manage_system');
  const files = await getFilesForPost(c.app, c.session, c.id('post_id'), includeDeleted);
  return files.map(fileInfoJson);
}

const wantsDownload = (c: Call) => ['1', 'true'].includes(c.query('download') ?? '');

/**
 * Streams a stored file with headers that keep it from running in our origin: nosniff, a sandboxing CSP, no framing,
 * and a Content-Disposition with the exact name. A single byte range is honoured (media players seek with them).
 */
async function sendStored(c: Call, relative: string, type: string, disposition: 'inline' | 'attachment', name: string) {
  const stored = await statStored(c.app, relative);
  c.reply
    .header('Content-Type', type)
    .header('Content-Disposition', contentDisposition(disposition, name))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "sandbox; frame-ancestors 'none'")
    .header('X-Frame-Options', 'DENY')
    .header('Cache-Control', 'private, max-age=2592000')
    .header('Accept-Ranges', 'bytes')
    .header('Last-Modified', new Date(stored.mtimeMs).toUTCString());
  const range = parseRange(c.req.headers.range, stored.size);
  if (range === 'unsatisfiable') {
    c.reply.header('Content-Range', `bytes */${stored.size}`);
    throw new AppError('api.file.range_not_satisfiable.app_error', 'The requested range is not satisfiable.', 416);
  }
  if (range) {
    c.reply
      .code(206)
      .header('Content-Range', `bytes ${range.start}-${range.end}/${stored.size}`)
      .header('Content-Length', range.end - range.start + 1);
    return c.reply.send(createReadStream(stored.path, range));
  }
  c.reply.header('Content-Length', stored.size);
  return c.reply.send(createReadStream(stored.path));
}

/** One `bytes=` range (RFC 9110); anything else, several ranges included, is ignored and the whole file sent. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
    if (Number(m[2]) === 0) return 'unsatisfiable';
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
