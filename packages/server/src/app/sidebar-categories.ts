import { commit, type AppContext } from './context.ts';
import { badRequest, notFound } from './errors.ts';
import { isValidId, newId } from './ids.ts';
import { channelMemberJson } from './wire.ts';
import type { ServerEvent } from '../realtime/bus.ts';
import type { Store } from '../store/store.ts';
import type { ChannelRecord } from '../store/channels.ts';
import type { Preference } from '../store/preferences.ts';
import type { SidebarCategoryPatch, SidebarCategoryRecord, SidebarCategoryType, SidebarChannelRecord } from '../store/sidebar.ts';

// Mattermost's constants (model/channel_sidebar.go): positions step by 10; the defaults sit at 0, 10, 20.
const SORT_DISTANCE = 10;
const DEFAULTS: Array<{ type: SidebarCategoryType; display_name: string; sorting: string }> = [
  // Display names are English; Mattermost's clients translate the default categories themselves.
  { type: 'favorites', display_name: 'Favorites', sorting: '' },
  { type: 'channels', display_name: 'Channels', sorting: '' },
  { type: 'direct_messages', display_name: 'Direct Messages', sorting: 'recent' },
];
export const SORTINGS = ['', 'manual', 'recent', 'alpha'];
export const MAX_CATEGORY_NAME = 64;
export const FAVORITE_CHANNEL = 'favorite_channel';
const CATEGORY_ID = /^(?:[a-z0-9]{26}|(?:favorites|channels|direct_messages)_[a-z0-9]{26}_[a-z0-9]{26})$/;

/** Mattermost's IsValidCategoryId: a plain id, or `{type}_{user}_{team}` for a default category. */
export const isValidCategoryId = (id: unknown): id is string => typeof id === 'string' && CATEGORY_ID.test(id);

/** The deterministic id Mattermost gives a user's default category in a team. */
export const defaultCategoryId = (type: SidebarCategoryType, userId: string, teamId: string) => `${type}_${userId}_${teamId}`;

/** Mattermost's SidebarCategoryWithChannels. */
export type CategoryJson = SidebarCategoryRecord & { channel_ids: string[] };
export type OrderedCategoriesJson = { categories: CategoryJson[]; order: string[] };

const isDirect = (c: ChannelRecord) => c.type === 'D' || c.type === 'G';
const categoryError = (message: string, detail = '') => badRequest('app.channel.sidebar_categories.app_error', message, detail);
const categoryNotFound = () => notFound('app.channel.sidebar_categories.app_error', 'Unable to find the sidebar category.');

/**
 * One user's sidebar in one team, as loaded in a transaction and edited in memory. `placed` holds the channels the
 * user put in a category; the rest of their channels fall into Channels (public/private) or Direct Messages (direct
 * and group), as in Mattermost, so a channel they join shows up without anyone writing a placement.
 */
class Sidebar {
  readonly placed = new Map<string, string[]>();
  dirty = false;

  constructor(
    readonly userId: string,
    readonly teamId: string,
    readonly categories: SidebarCategoryRecord[],
    /** The user's channels in the team and their direct/group messages (archived ones too), by display name. */
    readonly channels: Map<string, ChannelRecord>,
    rows: SidebarChannelRecord[],
  ) {
    for (const c of categories) this.placed.set(c.id, []);
    for (const r of rows) {
      // Placements of channels the user has left are dropped (and not written back).
      if (!channels.has(r.channel_id)) {
        this.dirty = true;
        continue;
      }
      const list = this.placed.get(r.category_id);
      if (list) list.push(r.channel_id);
    }
  }

  category(id: string): SidebarCategoryRecord | undefined {
    return this.categories.find((c) => c.id === id);
  }

  ofType(type: SidebarCategoryType): SidebarCategoryRecord {
    return this.categories.find((c) => c.type === type)!;
  }

  /** Where a channel is placed, if anywhere. */
  placementOf(channelId: string): string | undefined {
    for (const [categoryId, ids] of this.placed) if (ids.includes(channelId)) return categoryId;
    return undefined;
  }

  /** Each category's channels in sidebar order: unplaced channels first in Channels / Direct Messages (Mattermost's order). */
  lists(): Map<string, string[]> {
    const placed = new Set([...this.placed.values()].flat());
    const out = new Map<string, string[]>();
    for (const c of this.categories) {
      let ids = this.placed.get(c.id)!;
      if (c.type === 'channels' || c.type === 'direct_messages') {
        const wantDirect = c.type === 'direct_messages';
        const loose = [...this.channels.values()].filter((ch) => !placed.has(ch.id) && ch.delete_at === 0 && isDirect(ch) === wantDirect).map((ch) => ch.id);
        ids = [...loose, ...ids];
      }
      out.set(c.id, ids);
    }
    return out;
  }

  json(): CategoryJson[] {
    const lists = this.lists();
    return this.categories.map((c) => ({ ...c, channel_ids: lists.get(c.id)! }));
  }

  /**
   * Puts exactly these channels, in this order, in a category, taking them out of any other. Direct Messages keeps no
   * placements (Mattermost stores none): naming a channel there only returns it from elsewhere.
   */
  place(categoryId: string, channelIds: string[]): void {
    const moving = new Set(channelIds);
    for (const [id, ids] of this.placed) {
      if (id !== categoryId && ids.some((x) => moving.has(x))) this.placed.set(id, ids.filter((x) => !moving.has(x)));
    }
    this.placed.set(categoryId, this.category(categoryId)!.type === 'direct_messages' ? [] : [...channelIds]);
    this.dirty = true;
  }

  /** Takes channels out of a category; they fall back to Channels or Direct Messages. */
  unplace(categoryId: string, channelIds: string[]): void {
    const ids = this.placed.get(categoryId) ?? [];
    const next = ids.filter((x) => !channelIds.includes(x));
    if (next.length === ids.length) return;
    this.placed.set(categoryId, next);
    this.dirty = true;
  }

  rows(): SidebarChannelRecord[] {
    const rows: SidebarChannelRecord[] = [];
    for (const [categoryId, ids] of this.placed) {
      ids.forEach((channelId, i) => rows.push({ user_id: this.userId, team_id: this.teamId, channel_id: channelId, category_id: categoryId, sort_order: i * SORT_DISTANCE }));
    }
    return rows;
  }

  /** Channel → whether the category showing it is muted. */
  mutedByChannel(): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const [categoryId, ids] of this.lists()) {
      const muted = this.category(categoryId)!.muted;
      for (const id of ids) out.set(id, muted);
    }
    return out;
  }
}

/** 404 unless the team exists and the user is an active member of it (categories belong to a team membership). */
export async function requireTeamMembership(ctx: AppContext, userId: string, teamId: string): Promise<void> {
  const team = await ctx.store.teams.get(teamId);
  if (!team || team.delete_at !== 0) throw notFound('app.team.get.find.app_error', 'Unable to find the team.');
  const member = await ctx.store.teams.getMember(teamId, userId);
  if (!member || member.delete_at !== 0) throw notFound('app.team.get_member.missing.app_error', 'That user is not a member of the team.');
}

/**
 * Creates the user's missing default categories in a team (Mattermost does this on first read). A new Favorites
 * category takes the channels marked with the `favorite_channel` preference. Safe against a concurrent first read:
 * both insert with ON CONFLICT DO NOTHING and the ids are deterministic.
 */
async function ensureDefaults(store: Store, userId: string, teamId: string): Promise<SidebarCategoryRecord[]> {
  const existing = await store.sidebar.categories(userId, teamId);
  const missing = DEFAULTS.map((d, i) => ({ ...d, sort_order: i * SORT_DISTANCE })).filter((d) => !existing.some((c) => c.type === d.type));
  if (missing.length === 0) return existing;
  const inserted = await store.sidebar.insertCategories(
    missing.map((d) => ({ id: defaultCategoryId(d.type, userId, teamId), user_id: userId, team_id: teamId, muted: false, collapsed: false, ...d })),
  );
  const favoritesId = defaultCategoryId('favorites', userId, teamId);
  if (inserted.includes(favoritesId)) {
    const favorites = new Set((await store.preferences.forUser(userId, FAVORITE_CHANNEL)).filter((p) => p.value === 'true').map((p) => p.name));
    if (favorites.size > 0) {
      const channels = await store.channels.forUser(userId, { teamId, includeDeleted: true });
      const rows = channels
        .filter((c) => favorites.has(c.id))
        .map((c, i) => ({ user_id: userId, team_id: teamId, channel_id: c.id, category_id: favoritesId, sort_order: i * SORT_DISTANCE }));
      await store.sidebar.insertChannels(rows);
    }
  }
  return store.sidebar.categories(userId, teamId);
}

async function loadSidebar(store: Store, userId: string, teamId: string, categories?: SidebarCategoryRecord[]): Promise<Sidebar> {
  const [cats, channels, rows] = await Promise.all([
    categories ? Promise.resolve(categories) : store.sidebar.categories(userId, teamId),
    store.channels.forUser(userId, { teamId, includeDeleted: true }),
    store.sidebar.channels(userId, teamId),
  ]);
  return new Sidebar(userId, teamId, cats, new Map(channels.map((c) => [c.id, c])), rows);
}

/** The sidebar for reading: created on first use (in a transaction of its own), read without one after that. */
async function readSidebar(ctx: AppContext, userId: string, teamId: string): Promise<Sidebar> {
  const cats = await ctx.store.sidebar.categories(userId, teamId);
  if (DEFAULTS.every((d) => cats.some((c) => c.type === d.type))) return loadSidebar(ctx.store, userId, teamId, cats);
  return ctx.store.tx(async (store) => loadSidebar(store, userId, teamId, await ensureDefaults(store, userId, teamId)));
}

/** GET …/channels/categories: Mattermost's OrderedSidebarCategories. */
export async function getCategories(ctx: AppContext, userId: string, teamId: string): Promise<OrderedCategoriesJson> {
  const sidebar = await readSidebar(ctx, userId, teamId);
  return { categories: sidebar.json(), order: sidebar.categories.map((c) => c.id) };
}

export async function getCategoryOrder(ctx: AppContext, userId: string, teamId: string): Promise<string[]> {
  return (await readSidebar(ctx, userId, teamId)).categories.map((c) => c.id);
}

export async function getCategory(ctx: AppContext, userId: string, teamId: string, categoryId: string): Promise<CategoryJson> {
  const found = (await readSidebar(ctx, userId, teamId)).json().find((c) => c.id === categoryId);
  if (!found) throw categoryNotFound();
  return found;
}

type Edit<T> = { result: T; events?: ServerEvent[] };

/**
 * Runs an edit of one sidebar in a transaction: defaults ensured, the user's categories in the team locked, the
 * sidebar loaded; then writes what changed (placements replaced wholesale, since a move touches two categories), keeps
 * the `favorite_channel` preferences and channel mutes in step, and announces every category whose content changed.
 */
async function editSidebar<T>(
  ctx: AppContext,
  userId: string,
  teamId: string,
  fn: (sidebar: Sidebar, store: Store) => Promise<Edit<T> & { announce?: string[] }>,
): Promise<T> {
  return commit(ctx, async (store) => {
    await ensureDefaults(store, userId, teamId);
    await store.sidebar.lock(userId, teamId);
    const sidebar = await loadSidebar(store, userId, teamId);
    const before = new Map(sidebar.json().map((c) => [c.id, JSON.stringify(c)]));
    const mutedBefore = sidebar.mutedByChannel();
    const favoritesBefore = new Set(sidebar.placed.get(sidebar.ofType('favorites').id));

    const { result, events = [], announce = [] } = await fn(sidebar, store);
    if (sidebar.dirty) await store.sidebar.replaceChannels(userId, teamId, sidebar.rows());

    const after = sidebar.json();
    const changed = after.filter((c) => announce.includes(c.id) || (before.has(c.id) && before.get(c.id) !== JSON.stringify(c)));
    // The categories named by the request first, in its order, then the ones it changed on the way.
    changed.sort((a, b) => rank(announce, a.id) - rank(announce, b.id));
    const out: ServerEvent[] = [...events];
    if (changed.length > 0) out.push(categoriesUpdated(userId, teamId, changed));
    out.push(...(await syncFavoritePreferences(store, userId, favoritesBefore, new Set(sidebar.placed.get(sidebar.ofType('favorites').id)))));
    out.push(...(await syncMutes(ctx, store, userId, mutedBefore, sidebar.mutedByChannel())));
    return { result, events: out };
  });
}

const rank = (list: string[], id: string) => {
  const i = list.indexOf(id);
  return i === -1 ? list.length : i;
};

const categoriesUpdated = (userId: string, teamId: string, categories: CategoryJson[]): ServerEvent => ({
  event: 'sidebar_category_updated',
  data: { updatedCategories: JSON.stringify(categories) },
  broadcast: { user_id: userId, team_id: teamId },
});

/**
 * Mattermost mirrors the Favorites category in `favorite_channel` preferences (older clients read those): a channel
 * moved into Favorites gets `true`, one moved out loses its preference.
 */
async function syncFavoritePreferences(store: Store, userId: string, before: Set<string>, after: Set<string>): Promise<ServerEvent[]> {
  const added = [...after].filter((id) => !before.has(id)).map((name) => ({ user_id: userId, category: FAVORITE_CHANNEL, name, value: 'true' }));
  const removed = [...before].filter((id) => !after.has(id)).map((name) => ({ user_id: userId, category: FAVORITE_CHANNEL, name, value: 'true' }));
  const events: ServerEvent[] = [];
  if (added.length > 0) {
    await store.preferences.save(added);
    events.push({ event: 'preferences_changed', data: { preferences: JSON.stringify(added) }, broadcast: { user_id: userId } });
  }
  if (removed.length > 0) {
    await store.preferences.remove(removed);
    events.push({ event: 'preferences_deleted', data: { preferences: JSON.stringify(removed) }, broadcast: { user_id: userId } });
  }
  return events;
}

/**
 * Mattermost mutes the channels of a muted category (and unmutes on the way back): a channel whose category's muted
 * flag differs from before the edit gets `mark_unread` `mention` (muted) or `all`.
 */
async function syncMutes(ctx: AppContext, store: Store, userId: string, before: Map<string, boolean>, after: Map<string, boolean>): Promise<ServerEvent[]> {
  const events: ServerEvent[] = [];
  for (const [channelId, muted] of after) {
    if (before.get(channelId) === muted) continue;
    const member = await store.channels.getMember(channelId, userId);
    if (!member) continue;
    const markUnread = muted ? 'mention' : 'all';
    if (member.notify_props.mark_unread === markUnread) continue;
    const next = { ...member, notify_props: { ...member.notify_props, mark_unread: markUnread }, last_update_at: ctx.now() };
    await store.channels.updateMember(channelId, userId, { notify_props: next.notify_props, last_update_at: next.last_update_at });
    events.push({ event: 'channel_member_updated', data: { channelMember: JSON.stringify(channelMemberJson(next)) }, broadcast: { user_id: userId } });
  }
  return events;
}

/** A category as a client sends it; absent fields keep their value. */
export type CategoryInput = {
  id?: string;
  display_name?: string;
  sorting?: string;
  muted?: boolean;
  collapsed?: boolean;
  channel_ids?: string[];
};

/** Checks the shape of one category in a request body (ownership and channels are checked against the sidebar). */
export function parseCategoryInput(raw: unknown, userId: string, teamId: string): CategoryInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw categoryError('Each category must be an object.');
  const b = raw as Record<string, unknown>;
  if (b.user_id !== undefined && b.user_id !== userId) throw categoryError('The category\'s user_id does not match the URL.');
  if (b.team_id !== undefined && b.team_id !== teamId) throw categoryError('The category\'s team_id does not match the URL.');
  const out: CategoryInput = {};
  if (b.id !== undefined) {
    if (!isValidCategoryId(b.id)) throw categoryError('Invalid category id.');
    out.id = b.id;
  }
  if (b.display_name !== undefined) {
    if (typeof b.display_name !== 'string') throw categoryError('display_name must be a string.');
    const name = b.display_name.trim();
    if (name === '' || [...name].length > MAX_CATEGORY_NAME) {
      throw badRequest('model.sidebar_category.display_name.app_error', `A category name must be 1 to ${MAX_CATEGORY_NAME} characters long.`);
    }
    out.display_name = name;
  }
  if (b.sorting !== undefined) {
    if (typeof b.sorting !== 'string' || !SORTINGS.includes(b.sorting)) throw categoryError('sorting must be one of "", "manual", "recent" or "alpha".');
    out.sorting = b.sorting;
  }
  for (const key of ['muted', 'collapsed'] as const) {
    if (b[key] === undefined) continue;
    if (typeof b[key] !== 'boolean') throw categoryError(`${key} must be true or false.`);
    out[key] = b[key];
  }
  if (b.channel_ids !== undefined && b.channel_ids !== null) {
    if (!Array.isArray(b.channel_ids) || !b.channel_ids.every((id) => typeof id === 'string')) throw categoryError('channel_ids must be a list of channel ids.');
    const ids = b.channel_ids as string[];
    const bad = ids.find((id) => !isValidId(id));
    if (bad !== undefined) throw categoryError(`"${bad}" is not a channel id.`);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup !== undefined) throw categoryError(`Channel ${dup} is listed twice.`);
    out.channel_ids = ids;
  }
  return out;
}

/** Every listed channel must be one of the user's (in this team, or a direct/group message) and fit the category. */
function checkChannels(sidebar: Sidebar, type: SidebarCategoryType, ids: string[]): void {
  for (const id of ids) {
    const channel = sidebar.channels.get(id);
    if (!channel) throw categoryError(`Channel ${id} is not one of your channels in this team.`, `channel_id=${id}`);
    if (type === 'channels' && isDirect(channel)) throw categoryError('Direct and group messages cannot be placed in the Channels category.', `channel_id=${id}`);
    if (type === 'direct_messages' && !isDirect(channel)) throw categoryError('Only direct and group messages belong in the Direct Messages category.', `channel_id=${id}`);
  }
}

/** POST …/channels/categories: a custom category, placed after Favorites when that comes first, else first. */
export async function createCategory(ctx: AppContext, userId: string, teamId: string, input: CategoryInput): Promise<CategoryJson> {
  if (input.display_name === undefined) throw badRequest('model.sidebar_category.display_name.app_error', `A category name must be 1 to ${MAX_CATEGORY_NAME} characters long.`);
  const id = newId();
  return editSidebar(ctx, userId, teamId, async (sidebar, store) => {
    const channelIds = input.channel_ids ?? [];
    checkChannels(sidebar, 'custom', channelIds);
    const order = sidebar.categories.map((c) => c.id);
    const at = sidebar.categories[0]?.type === 'favorites' ? 1 : 0;
    order.splice(at, 0, id);
    const category: SidebarCategoryRecord = {
      id,
      user_id: userId,
      team_id: teamId,
      sort_order: at * SORT_DISTANCE,
      sorting: input.sorting ?? '',
      type: 'custom',
      display_name: input.display_name!,
      muted: input.muted ?? false,
      collapsed: input.collapsed ?? false,
    };
    await store.sidebar.insertCategories([category]);
    sidebar.categories.splice(at, 0, category);
    sidebar.placed.set(id, []);
    await writeOrder(store, sidebar, order);
    if (channelIds.length > 0) sidebar.place(id, channelIds);
    const created = sidebar.json().find((c) => c.id === id)!;
    return {
      result: created,
      events: [{ event: 'sidebar_category_created', data: { category_id: id }, broadcast: { user_id: userId, team_id: teamId } }],
      // The new category itself is announced by sidebar_category_created; updates cover the ones it took channels from.
      announce: [],
    };
  });
}

async function writeOrder(store: Store, sidebar: Sidebar, order: string[]): Promise<void> {
  for (const [i, id] of order.entries()) {
    const c = sidebar.category(id);
    if (c && c.sort_order === i * SORT_DISTANCE) continue;
    await store.sidebar.updateCategory(id, { sort_order: i * SORT_DISTANCE });
    if (c) c.sort_order = i * SORT_DISTANCE;
  }
}

/**
 * PUT …/channels/categories (and …/{category_id}): updates categories. Channels listed in a category move there from
 * wherever they were; channels a category no longer lists fall back to Channels or Direct Messages. Default categories
 * keep their names; Direct Messages keeps its muted flag and stores no order (as Mattermost). Nothing is written
 * unless every category and channel checks out.
 */
export async function updateCategories(ctx: AppContext, userId: string, teamId: string, inputs: CategoryInput[]): Promise<CategoryJson[]> {
  const ids = inputs.map((c) => c.id);
  if (ids.some((id) => id === undefined)) throw categoryError('Each category to update needs its id.');
  const dupCategory = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupCategory !== undefined) throw categoryError(`Category ${dupCategory} is listed twice.`);
  const seen = new Map<string, string>();
  for (const c of inputs) {
    for (const ch of c.channel_ids ?? []) {
      if (seen.has(ch)) throw categoryError(`Channel ${ch} is listed in two categories.`, `channel_id=${ch}`);
      seen.set(ch, c.id!);
    }
  }
  return editSidebar(ctx, userId, teamId, async (sidebar, store) => {
    const targets = inputs.map((input) => {
      const category = sidebar.category(input.id!);
      if (!category) throw notFound('app.channel.sidebar_categories.app_error', `Unable to find the sidebar category ${input.id}.`);
      if (input.channel_ids) checkChannels(sidebar, category.type, input.channel_ids);
      return { input, category };
    });
    for (const { input, category } of targets) {
      const patch: SidebarCategoryPatch = {};
      if (input.display_name !== undefined && category.type === 'custom' && input.display_name !== category.display_name) patch.display_name = input.display_name;
      if (input.sorting !== undefined && input.sorting !== category.sorting) patch.sorting = input.sorting;
      if (input.collapsed !== undefined && input.collapsed !== category.collapsed) patch.collapsed = input.collapsed;
      if (input.muted !== undefined && category.type !== 'direct_messages' && input.muted !== category.muted) patch.muted = input.muted;
      await store.sidebar.updateCategory(category.id, patch);
      Object.assign(category, patch);
    }
    // Take every listed channel out of where it was first, so a channel moving between two listed categories lands
    // in the one that names it whatever their order in the request.
    for (const { input, category } of targets) {
      if (!input.channel_ids) continue;
      const listed = new Set(input.channel_ids);
      const dropped = (sidebar.placed.get(category.id) ?? []).filter((id) => !listed.has(id));
      sidebar.unplace(category.id, dropped);
    }
    for (const { input, category } of targets) if (input.channel_ids) sidebar.place(category.id, input.channel_ids);
    const json = sidebar.json();
    return { result: ids.map((id) => json.find((c) => c.id === id)!), announce: ids as string[] };
  });
}

/** PUT …/categories/order: the new order must name each of the user's categories in the team exactly once. */
export async function updateCategoryOrder(ctx: AppContext, userId: string, teamId: string, order: string[]): Promise<string[]> {
  const dup = order.find((id, i) => order.indexOf(id) !== i);
  if (dup !== undefined) throw categoryError(`Category ${dup} is listed twice.`);
  return editSidebar(ctx, userId, teamId, async (sidebar, store) => {
    const current = sidebar.categories.map((c) => c.id);
    const unknown = order.find((id) => !current.includes(id));
    if (unknown !== undefined) throw categoryError(`Unknown category ${unknown}.`);
    if (order.length !== current.length) throw categoryError('The order must list every category exactly once.');
    await writeOrder(store, sidebar, order);
    return {
      result: order,
      events: [{ event: 'sidebar_category_order_updated', data: { order }, broadcast: { user_id: userId, team_id: teamId } }],
    };
  });
}

/** DELETE …/categories/{id}: custom categories only; their channels return to Channels / Direct Messages. */
export async function deleteCategory(ctx: AppContext, userId: string, teamId: string, categoryId: string): Promise<void> {
  await editSidebar(ctx, userId, teamId, async (sidebar, store) => {
    const category = sidebar.category(categoryId);
    if (!category) throw categoryNotFound();
    if (category.type !== 'custom') throw badRequest('api.channel.delete_channel_category.default.app_error', 'Default categories (Favorites, Channels, Direct Messages) cannot be deleted.');
    await store.sidebar.deleteCategory(categoryId);
    sidebar.unplace(categoryId, sidebar.placed.get(categoryId) ?? []);
    sidebar.placed.delete(categoryId);
    sidebar.categories.splice(sidebar.categories.indexOf(category), 1);
    return {
      result: undefined,
      events: [{ event: 'sidebar_category_deleted', data: { category_id: categoryId }, broadcast: { user_id: userId, team_id: teamId } }],
    };
  });
}

/**
 * Keeps existing Favorites categories in step with saved or deleted `favorite_channel` preferences (Mattermost's
 * UpdateSidebarChannelsByPreferences): `true` (any value but `false`) moves the channel to the top of Favorites in
 * its team (every team for direct and group messages), `false` or a deletion takes it out. Runs in the caller's
 * transaction; sidebars not created yet need nothing, they read the preferences when they are.
 */
export async function applyFavoritePreferences(store: Store, userId: string, prefs: Preference[], deleted: boolean): Promise<ServerEvent[]> {
  const favs = prefs.filter((p) => p.category === FAVORITE_CHANNEL && isValidId(p.name));
  if (favs.length === 0) return [];
  const favoriteCategories = await store.sidebar.categoriesOfType(userId, 'favorites');
  if (favoriteCategories.length === 0) return [];
  const byTeam = new Map<string, Array<{ channelId: string; add: boolean }>>();
  for (const p of favs) {
    const channel = await store.channels.get(p.name);
    if (!channel) continue;
    for (const f of favoriteCategories) {
      if (channel.team_id !== '' && channel.team_id !== f.team_id) continue;
      const list = byTeam.get(f.team_id) ?? [];
      list.push({ channelId: channel.id, add: !deleted && p.value !== 'false' });
      byTeam.set(f.team_id, list);
    }
  }
  const events: ServerEvent[] = [];
  for (const [teamId, changes] of byTeam) {
    await store.sidebar.lock(userId, teamId);
    const sidebar = await loadSidebar(store, userId, teamId);
    const before = new Map(sidebar.json().map((c) => [c.id, JSON.stringify(c)]));
    const favorites = sidebar.ofType('favorites');
    for (const { channelId, add } of changes) {
      const current = sidebar.placed.get(favorites.id)!;
      if (!add) sidebar.unplace(favorites.id, [channelId]);
      else if (sidebar.channels.has(channelId) && !current.includes(channelId)) sidebar.place(favorites.id, [channelId, ...current]);
    }
    if (!sidebar.dirty) continue;
    await store.sidebar.replaceChannels(userId, teamId, sidebar.rows());
    const changed = sidebar.json().filter((c) => before.get(c.id) !== JSON.stringify(c));
    if (changed.length > 0) events.push(categoriesUpdated(userId, teamId, changed));
  }
  return events;
}
