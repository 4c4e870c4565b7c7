// File names and content types of uploads. Nothing a client says about a file's type is trusted: the type comes from
// the sanitised name's extension, and only a few raster image types are ever served inline.

const MAX_NAME_BYTES = 255;
const MAX_EXTENSION_LENGTH = 32;

// C0 and C1 controls, DEL, and the bidirectional overrides that make "evil\u202Egpj.exe" display as "evilexe.jpg".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A client-supplied file name made safe to store and to show: the last path component only (either separator),
 * no control or bidi-override characters, never "." or "..", at most 255 UTF-8 bytes (extension kept), unicode kept.
 */
export function sanitizeFileName(raw: string): string {
  // A round trip through UTF-8 turns lone surrogates into U+FFFD, so the name is storable text.
  let name = Buffer.from(raw, 'utf8').toString('utf8').normalize('NFC').replace(UNSAFE_CHARS, '');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.trim();
  if (/^\.*$/.test(name)) return 'file';
  return truncateName(name);
}

/** Cuts a name to 255 UTF-8 bytes on a character boundary, keeping its extension when that is short. */
function truncateName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= MAX_EXTENSION_LENGTH + 1 ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  return cutToBytes(stem, MAX_NAME_BYTES - Buffer.byteLength(ext)) + ext;
}

/** The longest prefix of s, in whole characters, that fits in max UTF-8 bytes. */
export function cutToBytes(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** Mattermost's FileInfo.extension: the lower-case extension without its dot, '' when there is none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot === name.length - 1) return '';
  const ext = name.slice(dot + 1).toLowerCase();
  return ext.length > MAX_EXTENSION_LENGTH ? '' : ext;
}

/** The name without its extension: "a.tar.gz" → "a.tar". */
export function stemOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

const TYPES: Record<string, string> = {
  // images
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  psd: 'image/vnd.adobe.photoshop',
  // text and markup
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  xhtml: 'application/xhtml+xml',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  rtf: 'application/rtf',
  // documents
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  // archives
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  rar: 'application/vnd.rar',
  // audio and video
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  m4a: 'audio/mp4',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  mkv: 'video/x-matroska',
};

/** The content type for an extension (from extensionOf), application/octet-stream when unknown. */
export function contentTypeFor(extension: string): string {
  return TYPES[extension] ?? 'application/octet-stream';
}

/** Raster image types a browser shows without running anything: the only ones served inline, and the ones we preview. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A Content-Disposition header: an ASCII fallback in `filename` for old clients and the exact name, percent-encoded
 * as UTF-8, in `filename*` (RFC 6266 / RFC 8187).
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
