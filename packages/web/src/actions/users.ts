import type { UserProfile } from '@mattermost/types/users';
import { client } from '../client.ts';
import { store, merge } from '../store/state.ts';

export function receiveUsers(users: readonly UserProfile[]): void {
  store.update((s) => ({ users: merge(s.users, users, (u) => u.id) }));
}

// Profiles asked for in the same tick are fetched in one request.
let wanted = new Set<string>();
let scheduled: Promise<void> | null = null;

/** Makes sure the profiles (and statuses) of these users are loaded; batches calls made in the same tick. */
export function ensureUsers(ids: Iterable<string>): Promise<void> {
  const known = store.get().users;
  for (const id of ids) if (id && !known[id]) wanted.add(id);
  if (wanted.size === 0) return Promise.resolve();
  scheduled ??= Promise.resolve().then(async () => {
    const batch = [...wanted];
    wanted = new Set();
    scheduled = null;
    if (batch.length === 0) return;
    const [users, statuses] = await Promise.all([client.getProfilesByIds(batch), client.getStatusesByIds(batch).catch(() => [])]);
    receiveUsers(users);
    store.update((s) => ({ statuses: { ...s.statuses, ...Object.fromEntries(statuses.map((st) => [st.user_id, st.status])) } }));
  });
  return scheduled;
}

/**
 * Other people's presence. The server sends status_change only to the user's own connections (as Mattermost
 * does), so, like Mattermost's web app, we ask for the statuses of the people we show every 30 s while the page
 * is visible, and at once when it becomes visible again.
 */
export const STATUS_POLL_MS = 30_000;
let statusTimer: ReturnType<typeof setInterval> | undefined;

export async function refreshStatuses(): Promise<void> {
  const ids = Object.keys(store.get().users);
  for (let i = 0; i < ids.length; i += 200) {
    const statuses = await client.getStatusesByIds(ids.slice(i, i + 200)).catch(() => []);
    if (statuses.length === 0) continue;
    store.update((s) => {
      const changed = statuses.filter((st) => s.statuses[st.user_id] !== st.status);
      return changed.length ? { statuses: { ...s.statuses, ...Object.fromEntries(changed.map((st) => [st.user_id, st.status])) } } : {};
    });
  }
}

const refreshIfVisible = () => {
  if (document.visibilityState === 'visible') void refreshStatuses();
};

export function startStatusPolling(): void {
  if (statusTimer) return;
  statusTimer = setInterval(refreshIfVisible, STATUS_POLL_MS);
  document.addEventListener('visibilitychange', refreshIfVisible);
}

export function stopStatusPolling(): void {
  clearInterval(statusTimer);
  statusTimer = undefined;
  document.removeEventListener('visibilitychange', refreshIfVisible);
}

/** What a user is called in the UI: nickname or full name when set, else the username. */
export function displayName(user: UserProfile | undefined): string {
  if (!user) return '…';
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  return user.nickname || full || user.username;
}

export function avatarUrl(user: Pick<UserProfile, 'id' | 'last_picture_update'>): string {
  return client.getProfilePictureUrl(user.id, user.last_picture_update ?? 0);
}
