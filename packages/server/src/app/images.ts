import sharp from 'sharp';
import { rm } from 'node:fs/promises';

// Uploads are read once and never again: libvips' operation cache would only hold memory.
sharp.cache(false);

// Mattermost's sizes: thumbnails cover a 120×100 box, previews are at most 1920 wide, the mini preview is 16×16.
const THUMB_WIDTH = 120;
const THUMB_HEIGHT = 100;
const PREVIEW_WIDTH = 1920;
const MINI_SIZE = 16;
const JPEG_QUALITY = 90;

const PREVIEWABLE = new Set(['jpeg', 'png', 'gif', 'webp']);

export type ImageFacts = {
  width: number;
  height: number;
  /** Written only when the image was small enough to decode (MaxImageResolution). */
  previews?: { miniPreview: string };
};

/**
 * Reads an uploaded file as an image and, within maxPixels, writes its JPEG thumbnail and preview to the given paths.
 * Returns undefined for anything that is not a JPEG, PNG, GIF or WebP that decodes cleanly: such a file is kept as a
 * plain file, never an error.
 */
export async function processImage(source: string, thumbnailPath: string, previewPath: string, maxPixels: number): Promise<ImageFacts | undefined> {
  let width: number;
  let height: number;
  try {
    const meta = await sharp(source, { limitInputPixels: false }).metadata();
    if (!PREVIEWABLE.has(meta.format)) return undefined;
    ({ width, height } = meta.autoOrient);
  } catch {
    return undefined;
  }
  if (!(width > 0 && height > 0)) return undefined;
  // Too large to decode safely: known size, no previews (as Mattermost).
  if (width * height > maxPixels) return { width, height };
  try {
    // One decode, oriented by EXIF, transparency on white (JPEG has none); each output clones it.
    const image = sharp(source, { limitInputPixels: maxPixels, failOn: 'error' }).autoOrient().flatten({ background: '#ffffff' });
    await Promise.all([
      image
        .clone()
        .resize({ width: THUMB_WIDTH, height: THUMB_HEIGHT, fit: 'outside', withoutEnlargement: true })
        .jpeg({ quality: JPEG_QUALITY })
        .toFile(thumbnailPath),
      image.clone().resize({ width: PREVIEW_WIDTH, withoutEnlargement: true }).jpeg({ quality: JPEG_QUALITY }).toFile(previewPath),
    ]);
    const mini = await image.clone().resize({ width: MINI_SIZE, height: MINI_SIZE, fit: 'cover' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
    return { width, height, previews: { miniPreview: mini.toString('base64') } };
  } catch {
    // A header that parses over pixels that do not (a truncated PNG, say): a plain file after all.
    await Promise.all([rm(thumbnailPath, { force: true }), rm(previewPath, { force: true })]);
    return undefined;
  }
}
