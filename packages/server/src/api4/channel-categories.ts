import { route, type Call, type Route } from './router.ts';
import { badRequest, invalidParam } from '../app/errors.ts';
import { requireSelfOrAdmin } from '../app/users.ts';
import {
  createCategory,
  deleteCategory,
  getCategories,
  getCategory,
  getCategoryOrder,
  isValidCategoryId,
  parseCategoryInput,
  requireTeamMembership,
  updateCategories,
  updateCategoryOrder,
} from '../app/sidebar-categories.ts';

const BASE = '/users/:user_id/teams/:team_id/channels/categories';

// Mattermost answers 200 (not 201) to a created category.
export const channelCategoryRoutes: Route[] = [
  route('GET', BASE, list),
  route('POST', BASE, create),
  route('PUT', BASE, updateMany),
  route('GET', `${BASE}/order`, order),
  route('PUT', `${BASE}/order`, setOrder),
  route('GET', `${BASE}/:category_id`, get),
  route('PUT', `${BASE}/:category_id`, updateOne),
  route('DELETE', `${BASE}/:category_id`, remove),
];

const MAX_CATEGORIES_PER_REQUEST = 200;

/** The user and team of the URL, once the caller may act for the user and the user is in the team. */
async function scope(c: Call): Promise<{ userId: string; teamId: string }> {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  requireSelfOrAdmin(c.session, userId);
  await requireTeamMembership(c.app, userId, teamId);
  return { userId, teamId };
}

function categoryId(c: Call): string {
  const id = c.param('category_id');
  if (!isValidCategoryId(id)) throw invalidParam('category_id');
  return id;
}

async function list(c: Call) {
  const { userId, teamId } = await scope(c);
  return getCategories(c.app, userId, teamId);
}

async function create(c: Call) {
  const { userId, teamId } = await scope(c);
  const input = parseCategoryInput(c.object('category'), userId, teamId);
  return createCategory(c.app, userId, teamId, input);
}

async function updateMany(c: Call) {
  const { userId, teamId } = await scope(c);
  const body = c.body;
  if (!Array.isArray(body)) throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing categories in request body: expected a list.');
  if (body.length > MAX_CATEGORIES_PER_REQUEST) throw badRequest('api.context.invalid_body_param.app_error', `At most ${MAX_CATEGORIES_PER_REQUEST} categories at a time.`);
  return updateCategories(c.app, userId, teamId, body.map((raw) => parseCategoryInput(raw, userId, teamId)));
}

async function order(c: Call) {
  const { userId, teamId } = await scope(c);
  return getCategoryOrder(c.app, userId, teamId);
}

async function setOrder(c: Call) {
  const { userId, teamId } = await scope(c);
  return updateCategoryOrder(c.app, userId, teamId, c.stringArray('category order', MAX_CATEGORIES_PER_REQUEST));
}

async function get(c: Call) {
  const { userId, teamId } = await scope(c);
  return getCategory(c.app, userId, teamId, categoryId(c));
}

async function updateOne(c: Call) {
  const { userId, teamId } = await scope(c);
  const id = categoryId(c);
  const input = parseCategoryInput(c.object('category'), userId, teamId);
  if (input.id !== undefined && input.id !== id) throw badRequest('api.context.invalid_body_param.app_error', 'The category id in the body does not match the URL.');
  const [updated] = await updateCategories(c.app, userId, teamId, [{ ...input, id }]);
  return updated;
}

async function remove(c: Call) {
  const { userId, teamId } = await scope(c);
  await deleteCategory(c.app, userId, teamId, categoryId(c));
  return { status: 'OK' };
}
