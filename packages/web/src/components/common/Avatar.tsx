import { useAppState } from '../../store/state.ts';
import { avatarUrl, displayName } from '../../actions/users.ts';
import { useT } from '../../i18n/index.ts';

/** A user's picture with their status (online / away / dnd / offline) as a dot. */
export function Avatar({ userId, size = 32, showStatus = true }: { userId: string; size?: number; showStatus?: boolean }) {
  const t = useT();
  const user = useAppState((s) => s.users[userId]);
  const status = useAppState((s) => s.statuses[userId] ?? 'offline');
  const label = t(`status.${status}` as 'status.online');
  return (
    <span className="avatar" style={{ width: size, height: size }}>
      {user ? <img src={avatarUrl(user)} alt="" width={size} height={size} loading="lazy" /> : <span className="avatar-blank" />}
      {showStatus && <span className={`status-dot status-${status}`} role="img" aria-label={`${displayName(user)}: ${label}`} title={label} />}
    </span>
  );
}
