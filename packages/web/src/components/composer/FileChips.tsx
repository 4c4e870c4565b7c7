import type { FileInfo } from '@mattermost/types/files';
import { client } from '../../client.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { formatBytes } from '../../i18n/format.ts';

/** A file being attached: uploading (progress), uploaded (info), or failed (error). */
export type Attachment = {
  clientId: string;
  name: string;
  size: number;
  progress: number;
  info?: FileInfo;
  error?: string;
  /** A local preview (object URL) of an image while it uploads. */
  previewUrl?: string;
};

/** The attachments under the message box, each with a remove button; a progress bar while it uploads. */
export function FileChips({ files, onRemove }: { files: Attachment[]; onRemove: (clientId: string) => void }) {
  const t = useT();
  const locale = useLocale();
  if (files.length === 0) return null;
  return (
    <ul className="composer-files" aria-label={t('composer.attachments')}>
      {files.map((f) => {
        const thumb = f.previewUrl ?? (f.info?.has_preview_image ? client.getFileThumbnailUrl(f.info.id, 0) : undefined);
        const ext = (f.info?.extension || f.name.split('.').pop() || '').slice(0, 4).toUpperCase();
        const uploading = !f.info && !f.error;
        return (
          <li key={f.clientId} className={`composer-file${f.error ? ' failed' : ''}`} data-state={f.error ? 'failed' : uploading ? 'uploading' : 'done'}>
            {thumb ? <img className="composer-file-thumb" src={thumb} alt="" /> : <span className="composer-file-icon" aria-hidden="true">{ext || '•'}</span>}
            <span className="composer-file-text">
              <span className="composer-file-name" title={f.name}>
                {f.name}
              </span>
              {f.error ? (
                <span className="composer-file-error" role="alert">
                  {f.error}
                </span>
              ) : uploading ? (
                <span className="composer-file-uploading">
                  <progress className="composer-file-progress" max={100} value={Math.round(f.progress * 100)} aria-label={t('composer.uploading', { name: f.name })} />
                  <span className="composer-file-percent" aria-hidden="true">
                    {new Intl.NumberFormat(locale, { style: 'percent' }).format(f.progress)}
                  </span>
                </span>
              ) : (
                <span className="composer-file-size">{formatBytes(f.size, locale)}</span>
              )}
            </span>
            <button type="button" className="icon-btn composer-file-remove" aria-label={t('composer.remove', { name: f.name })} onClick={() => onRemove(f.clientId)}>
              <span aria-hidden="true">✕</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
