import type { AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { AccessTokenRecord } from '../store/access-tokens.ts';
import { AppError, badRequest, noPermission, notFound } from './errors.ts';
import { hashToken } from './sessions.ts';
import { newId, newToken } from './ids.ts';
import { hasPermission } from './permissions.ts';

/** A token as the API shows it: never the secret, which exists only in the creation response. */
export const publicToken = (t: AccessTokenRecord) => ({ id: t.id, user_id: t.user_id, description: t.description, is_active: t.is_active });

export function requireTokensEnabled(ctx: AppContext): void {
  if (!ctx.config.get().ServiceSettings.EnableUserAccessTokens) {
    throw new AppError(
      'app.user_access_token.disabled',
      'Personal access tokens are disabled on this server. Please contact your system administrator for details.',
      501,
    );
  }
}

/** Acting on someone else's tokens needs manage_system as well as the token permission itself. */
export function requireTokenPermission(session: Session, ownerId: string, permission: string): void {
  if (!hasPermission(session, permission)) throw noPermission(permission);
  if (session.user_id !== ownerId && !hasPermission(session, 'manage_system')) throw noPermission('edit_other_users');
}

export async function createAccessToken(ctx: AppContext, userId: string, description: unknown) {
  if (typeof description !== 'string' || description.trim() === '') {
    throw badRequest('api.user.create_user_access_token.no_description.app_error', 'Please give the token a description.');
  }
  if (description.length > 255) throw badRequest('model.user_access_token.is_valid.description.app_error', 'The description must be at most 255 characters.');
  const user = await ctx.store.users.get(userId);
  if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
  if (user.delete_at !== 0) throw badRequest('app.user_access_token.inactive_user', 'Cannot create a token for a deactivated user.');
  const token = newToken();
  const record: AccessTokenRecord = { id: newId(), token_hash: hashToken(token), user_id: userId, description, is_active: true, create_at: ctx.now() };
  await ctx.store.accessTokens.insert(record);
  return { ...publicToken(record), token };
}

export async function getTokenOr404(ctx: AppContext, id: unknown): Promise<AccessTokenRecord> {
  if (typeof id !== 'string' || id === '') throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing token_id in request body.');
  const t = await ctx.store.accessTokens.get(id);
  if (!t) throw notFound('app.user_access_token.get_by_id.app_error', 'Unable to find the personal access token.');
  return t;
}
