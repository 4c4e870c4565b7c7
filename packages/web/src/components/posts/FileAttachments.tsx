import { useState } from 'react';
import type { FileInfo } from '@mattermost/types/files';
import { client } from '../../client.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { formatBytes } from '../../i18n/format.ts';
import { Dialog } from '../common/Dialog.tsx';

const isImage = (f: FileInfo) => f.mime_type?.startsWith('image/') && f.mime_type !== 'image/svg+xml' && (f.has_preview_image || f.width > 0);

/** A one-glyph icon by kind of file (the name and size carry the meaning; the icon is decoration). */
function fileIcon(f: FileInfo): string {
  const ext = (f.extension || '').toLowerCase();
  const mime = f.mime_type || '';
  if (mime.startsWith('image/')) return '🖼';
  if (mime.startsWith('video/')) return '🎞';
  if (mime.startsWith('audio/')) return '🎵';
  if (ext === 'pdf') return '📕';
  if (['zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'tar'].includes(ext)) return '🗜';
  if (['xls', 'xlsx', 'csv', 'ods'].includes(ext)) return '📊';
  if (['ppt', 'pptx', 'odp', 'key'].includes(ext)) return '📽';
  if (['js', 'ts', 'py', 'go', 'rs', 'java', 'c', 'cpp', 'h', 'json', 'yaml', 'yml', 'sh', 'html', 'css', 'xml', 'sql'].includes(ext)) return '🧾';
  return '📄';
}

/** The files of a post (metadata.files): images as thumbnails that open a preview, the rest as download cards. */
export function FileAttachments({ files }: { files: FileInfo[] }) {
  const t = useT();
  const locale = useLocale();
  const [preview, setPreview] = useState<FileInfo | null>(null);
  if (files.length === 0) return null;
  const images = files.filter(isImage);
  const others = files.filter((f) => !isImage(f));
  return (
    <div className="post-files">
      {images.length > 0 && (
        <div className="post-images">
          {images.map((f) => {
            const scale = Math.min(1, 240 / Math.max(1, f.width), 180 / Math.max(1, f.height));
            const w = f.width ? Math.max(48, Math.round(f.width * scale)) : 160;
            const h = f.height ? Math.max(48, Math.round(f.height * scale)) : 120;
            return (
              <button key={f.id} type="button" className="post-image" style={{ width: w, height: h }} aria-label={t('posts.filePreview', { name: f.name })} onClick={() => setPreview(f)}>
                <img src={client.getFileThumbnailUrl(f.id, f.update_at || 0)} alt={f.name} width={w} height={h} loading="lazy" />
              </button>
            );
          })}
        </div>
      )}
      {others.map((f) => (
        <a key={f.id} className="file-card" href={client.getFileUrl(f.id, f.update_at || 0) + '?download=1'} download={f.name} aria-label={t('posts.fileDownload', { name: f.name })}>
          <span className="file-card-icon" aria-hidden="true">
            {fileIcon(f)}
          </span>
          <span className="file-card-text">
            <span className="file-card-name">{f.name}</span>
            <span className="file-card-meta">
              {(f.extension || '').toUpperCase()} · {formatBytes(f.size, locale)}
            </span>
          </span>
          <span className="file-card-download" aria-hidden="true">
            ⤓
          </span>
        </a>
      ))}
      {preview && (
        <Dialog label={t('posts.imagePreview', { name: preview.name })} size="fit" className="image-preview" onClose={() => setPreview(null)}>
          <div className="image-preview-body">
            <header className="image-preview-header">
              <span className="image-preview-name">{preview.name}</span>
              <span className="image-preview-size">{formatBytes(preview.size, locale)}</span>
              <a className="btn btn-secondary" href={client.getFileUrl(preview.id, preview.update_at || 0) + '?download=1'} download={preview.name}>
                {t('posts.download')}
              </a>
              <button type="button" className="btn btn-secondary" onClick={() => setPreview(null)} data-autofocus>
                {t('common.close')}
              </button>
            </header>
            <img className="image-preview-img" src={client.getFilePreviewUrl(preview.id, preview.update_at || 0)} alt={preview.name} />
          </div>
        </Dialog>
      )}
    </div>
  );
}
