import { route, type Call, type Route } from './router.ts';
import { invalidParam } from '../app/errors.ts';
import { isValidId } from '../app/ids.ts';
import { addReaction, reactionsForPost, reactionsForPosts, removeReaction } from '../app/reactions.ts';

export const reactionRoutes: Route[] = [
  // Mattermost's handler answers 200 (its OpenAPI says 201; Client4 accepts either).
  route('POST', '/reactions', save),
  route('GET', '/posts/:post_id/reactions', forPost),
  route('POST', '/posts/ids/reactions', forPosts),
  route('DELETE', '/users/:user_id/posts/:post_id/reactions/:emoji_name', remove),
];

async function save(c: Call) {
  return addReaction(c.app, c.session, c.object('reaction'));
}

async function forPost(c: Call) {
  return reactionsForPost(c.app, c.session, c.id('post_id'));
}

async function forPosts(c: Call) {
  const ids = c.stringArray('post_ids', 1000);
  if (ids.length === 0 || !ids.every(isValidId)) throw invalidParam('post_ids');
  return reactionsForPosts(c.app, c.session, ids);
}

async function remove(c: Call) {
  await removeReaction(c.app, c.session, c.id('user_id'), c.id('post_id'), c.param('emoji_name'));
  return { status: 'OK' };
}
