import { Link } from 'wouter';
import { client } from '../../client.ts';
import { store, useAppState } from '../../store/state.ts';
import { useLocale, useT } from '../../i18n/index.ts';
import { formatBytes } from '../../i18n/format.ts';
import { channelLabel, type FileResult } from './search-api.ts';

/** Files found by file search: thumbnail or type, name (downloads it), size, who shared it when, and where. */
export function FileList({ files, showChannel = false }: { files: FileResult[]; showChannel?: boolean }) {
  const t = useT();
  return (
    <ul className="search-files" aria-label={t('search.tabFiles')}>
      {files.map((f) => (
        <FileRow key={f.id} file={f} showChannel={showChannel} />
      ))}
    </ul>
  );
}

function FileRow({ file, showChannel }: { file: FileResult; showChannel: boolean }) {
  const t = useT();
  const locale = useLocale();
  const author = useAppState((s) => s.users[file.user_id]?.username ?? '');
  const channel = useAppState((s) => channelLabel(s, s.channels[file.channel_id], t('search.directMessage')));
  const teamName = useAppState((s) => {
    const c = s.channels[file.channel_id];
    return (c?.team_id && s.teams[c.team_id]?.name) || (s.currentTeamId ? s.teams[s.currentTeamId]?.name : '') || '';
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(file.create_at);
  const image = file.mime_type?.startsWith('image/') && file.has_preview_image;
  const ext = (file.extension || '').slice(0, 4).toUpperCase();
  return (
    <li className="search-file">
      {image ? (
        <img className="search-file-thumb" src={client.getFileThumbnailUrl(file.id, file.update_at || 0)} alt="" loading="lazy" />
      ) : (
        <span className="search-file-icon" aria-hidden="true">
          {ext || '•'}
        </span>
      )}
      <span className="search-file-text">
        <a className="search-file-name" href={`${client.getFileUrl(file.id, file.update_at || 0)}?download=1`} download={file.name} aria-label={t('search.download', { name: file.name })} title={file.name}>
          {file.name}
        </a>
        <span className="search-file-meta">
          {[formatBytes(file.size, locale), author && `@${author}`, date, showChannel && channel ? t('search.fileFrom', { channel }) : ''].filter(Boolean).join(' · ')}
        </span>
      </span>
      {file.post_id && (
        <Link href={`~/${teamName}/pl/${file.post_id}`} className="search-file-jump" onClick={() => store.update(() => ({ highlightPostId: file.post_id! }))}>
          {t('posts.jump')}
        </Link>
      )}
    </li>
  );
}
