import { route, type Call, type Route } from './router.ts';
import { parseSearchRequest, searchPosts } from '../app/search.ts';

export const searchRoutes: Route[] = [
  route('POST', '/teams/:team_id/posts/search', searchInTeam),
  route('POST', '/posts/search', searchEverywhere),
];

/** A team's channels and the caller's direct and group messages. */
async function searchInTeam(c: Call) {
  const teamId = c.id('team_id');
  return searchPosts(c.app, c.session, teamId, parseSearchRequest(c.object('search')));
}

/** Every channel the caller is a member of, in all their teams. */
async function searchEverywhere(c: Call) {
  return searchPosts(c.app, c.session, undefined, parseSearchRequest(c.object('search')));
}
