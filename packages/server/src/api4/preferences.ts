import { route, type Call, type Route } from './router.ts';
import { commit } from '../app/context.ts';
import { badRequest } from '../app/errors.ts';
import { requireSelfOrAdmin } from '../app/users.ts';
import { applyFavoritePreferences } from '../app/sidebar-categories.ts';
import type { Preference } from '../store/preferences.ts';

export const preferenceRoutes: Route[] = [
  route('GET', '/users/:user_id/preferences', list),
  route('PUT', '/users/:user_id/preferences', save),
  route('POST', '/users/:user_id/preferences/delete', remove),
  route('GET', '/users/:user_id/preferences/:category', byCategory),
  route('GET', '/users/:user_id/preferences/:category/name/:name', one),
];

const MAX_PREFERENCES = 100;

/** The body as preferences of this user, each with Mattermost's length limits. */
function parse(c: Call, userId: string): Preference[] {
  const body = c.body;
  if (!Array.isArray(body)) throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing preferences in request body: expected a list.');
  if (body.length > MAX_PREFERENCES) throw badRequest('api.preference.update_preferences.too_many.app_error', `At most ${MAX_PREFERENCES} preferences at a time.`);
  return body.map((p: unknown) => {
    const pref = p as Partial<Preference>;
    const ok =
      typeof p === 'object' && p !== null &&
      pref.user_id === userId &&
      typeof pref.category === 'string' && pref.category.length >= 1 && pref.category.length <= 32 &&
      typeof pref.name === 'string' && pref.name.length <= 32 &&
      (pref.value === undefined || (typeof pref.value === 'string' && pref.value.length <= 2000));
    if (!ok) {
      throw badRequest(
        'model.preference.is_valid.app_error',
        'Each preference needs user_id matching the URL, a category of 1–32 characters, a name of at most 32 and a string value of at most 2000.',
      );
    }
    return { user_id: userId, category: pref.category!, name: pref.name!, value: pref.value ?? '' };
  });
}

async function list(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  return c.app.store.preferences.forUser(userId);
}

async function byCategory(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  return c.app.store.preferences.forUser(userId, c.param('category'));
}

async function one(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const p = await c.app.store.preferences.get(userId, c.param('category'), c.param('name'));
  if (!p) throw badRequest('app.preference.get.app_error', 'Unable to find the preference.');
  return p;
}

async function save(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const prefs = parse(c, userId);
  await commit(c.app, async (store) => {
    await store.preferences.save(prefs);
    // favorite_channel preferences move channels in and out of the Favorites sidebar categories, as in Mattermost.
    const sidebar = await applyFavoritePreferences(store, userId, prefs, false);
    return { result: undefined, events: [...sidebar, { event: 'preferences_changed', data: { preferences: JSON.stringify(prefs) }, broadcast: { user_id: userId } }] };
  });
  return { status: 'OK' };
}

async function remove(c: Call) {
  const userId = c.id('user_id');
  requireSelfOrAdmin(c.session, userId);
  const prefs = parse(c, userId);
  await commit(c.app, async (store) => {
    await store.preferences.remove(prefs);
    const sidebar = await applyFavoritePreferences(store, userId, prefs, true);
    return { result: undefined, events: [...sidebar, { event: 'preferences_deleted', data: { preferences: JSON.stringify(prefs) }, broadcast: { user_id: userId } }] };
  });
  return { status: 'OK' };
}
