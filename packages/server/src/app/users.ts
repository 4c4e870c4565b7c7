import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { UserProfile } from '@mattermost/types/users';
import { commit, type AppContext } from './context.ts';
import type { Session } from './sessions.ts';
import type { UserRecord } from '../store/users.ts';
import { AppError, badRequest, forbidden, notFound } from './errors.ts';
import { newId } from './ids.ts';
import { hasPermission, isSystemAdmin, SYSTEM_ROLES } from './permissions.ts';

const USERNAME = /^[a-z][a-z0-9.\-_]*$/;
const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system']);
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const PASSWORD_MAX = 72;

export const DEFAULT_NOTIFY_PROPS = {
  email: 'true',
  push: 'mention',
  desktop: 'mention',
  desktop_sound: 'true',
  mention_keys: '',
  channel: 'true',
  first_name: 'false',
  comments: 'never',
  push_status: 'online',
};

const invalid = (field: string, message: string) => badRequest(`model.user.is_valid.${field}.app_error`, message);

export function validateUsername(username: unknown): string {
  if (typeof username !== 'string' || username.length < 1 || username.length > 64 || !USERNAME.test(username)) {
    throw invalid(
      'username',
      'Username must begin with a letter, and contain between 1 and 64 lowercase characters made up of numbers, letters, and the symbols ".", "-", and "_".',
    );
  }
  if (RESERVED_USERNAMES.has(username)) throw invalid('username', `The username "${username}" is reserved.`);
  return username;
}

export function validateEmail(email: unknown): string {
  if (typeof email !== 'string' || email.length > 128 || !EMAIL.test(email)) throw invalid('email', 'Invalid email address.');
  return email.toLowerCase();
}

/** Checks a password against PasswordSettings, naming every rule it breaks. */
export function validatePassword(ctx: AppContext, password: unknown): string {
  const rules = ctx.config.get().PasswordSettings;
  if (typeof password !== 'string') throw invalid('pwd', 'Password is required.');
  const broken: string[] = [];
  if (password.length < rules.MinimumLength) broken.push(`at least ${rules.MinimumLength} characters`);
  if (password.length > PASSWORD_MAX) broken.push(`at most ${PASSWORD_MAX} characters`);
  if (rules.Lowercase && !/[a-z]/.test(password)) broken.push('a lowercase letter');
  if (rules.Uppercase && !/[A-Z]/.test(password)) broken.push('an uppercase letter');
  if (rules.Number && !/[0-9]/.test(password)) broken.push('a number');
  if (rules.Symbol && !/[^a-zA-Z0-9]/.test(password)) broken.push('a symbol');
  if (broken.length > 0) throw invalid('pwd', `Your password must contain ${broken.join(', ')}.`);
  return password;
}

const checkLength = (field: string, value: unknown, max: number): string => {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string.`);
  if ([...value].length > max) throw invalid(field, `${field} must be at most ${max} characters.`);
  return value;
};

export const hashPassword = (password: string) => argonHash(password);

export type NewUser = UserPatch & { password?: unknown };

/**
 * Signs up a user. The very first user becomes the system admin; later sign-ups follow
 * TeamSettings.EnableUserCreation and EnableOpenServer unless an admin creates the account.
 */
export async function createUser(ctx: AppContext, input: NewUser, by: Session | null): Promise<UserRecord> {
  const username = validateUsername(typeof input.username === 'string' ? input.username.toLowerCase() : input.username);
  const email = validateEmail(input.email);
  const password = validatePassword(ctx, input.password);
  const byAdmin = !!by && hasPermission(by, 'manage_system');
  const now = ctx.now();
  const user: UserRecord = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    username,
    password: await hashPassword(password),
    auth_service: '',
    email,
    email_verified: false,
    nickname: checkLength('nickname', input.nickname, 64),
    first_name: checkLength('first_name', input.first_name, 64),
    last_name: checkLength('last_name', input.last_name, 64),
    position: checkLength('position', input.position, 128),
    roles: 'system_user',
    locale: input.locale === 'nb' ? 'nb' : ctx.config.get().LocalizationSettings.DefaultClientLocale,
    timezone: { automaticTimezone: '', manualTimezone: '', useAutomaticTimezone: 'true' },
    notify_props: { ...DEFAULT_NOTIFY_PROPS, mention_keys: username },
    props: {},
    last_password_update: now,
    last_picture_update: 0,
    failed_attempts: 0,
    is_bot: false,
  };
  return commit(ctx, async (store) => {
    const first = (await store.users.count()) === 0;
    if (first) user.roles = 'system_admin system_user';
    else if (!byAdmin) {
      const team = ctx.config.get().TeamSettings;
      if (!team.EnableUserCreation) throw forbidden('api.user.create_user.disabled.app_error', 'User creation is disabled.');
      if (!team.EnableOpenServer) {
        throw forbidden('api.user.create_user.no_open_server', 'This server does not allow open signups. Please speak with your Administrator to receive an invitation.');
      }
    }
    if (await store.users.getByUsername(username)) throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
    if (await store.users.getByEmail(email)) throw badRequest('app.user.save.email_exists.app_error', 'An account with that email already exists.');
    await store.users.insert(user);
    return { result: user, events: [{ event: 'new_user', data: { user_id: user.id }, broadcast: {} }] };
  });
}

/** The profile another user may see: no password, and email or names only where PrivacySettings allow. */
export function sanitizeUser(ctx: AppContext, user: UserRecord, viewer: Session | null, opts: { self?: boolean } = {}): UserProfile {
  const self = opts.self === true || viewer?.user_id === user.id;
  const admin = !!viewer && isSystemAdmin(viewer);
  const privacy = ctx.config.get().PrivacySettings;
  const profile: UserProfile = {
    id: user.id,
    create_at: user.create_at,
    update_at: user.update_at,
    delete_at: user.delete_at,
    username: user.username,
    password: '',
    auth_service: user.auth_service,
    email: self || admin || privacy.ShowEmailAddress ? user.email : '',
    nickname: user.nickname,
    first_name: self || admin || privacy.ShowFullName ? user.first_name : '',
    last_name: self || admin || privacy.ShowFullName ? user.last_name : '',
    position: user.position,
    roles: user.roles,
    props: user.props,
    notify_props: (self || admin ? user.notify_props : {}) as UserProfile['notify_props'],
    last_password_update: self || admin ? user.last_password_update : 0,
    last_picture_update: user.last_picture_update,
    locale: user.locale,
    timezone: user.timezone as UserProfile['timezone'],
    mfa_active: false,
    last_activity_at: 0,
    is_bot: user.is_bot,
    bot_description: '',
    terms_of_service_id: '',
    terms_of_service_create_at: 0,
  };
  if (self || admin) (profile as UserProfile & { email_verified: boolean }).email_verified = user.email_verified;
  return profile;
}

export async function getUserOr404(ctx: AppContext, id: string): Promise<UserRecord> {
  const user = await ctx.store.users.get(id);
  if (!user) throw notFound('app.user.missing_account.const', 'Unable to find the user.');
  return user;
}

/** Verifies a login and returns the user; counts failures against ServiceSettings.MaximumLoginAttempts. */
export async function checkLogin(ctx: AppContext, loginId: unknown, password: unknown): Promise<UserRecord> {
  if (typeof loginId !== 'string' || loginId === '' || typeof password !== 'string' || password === '') {
    throw badRequest('api.user.login.blank_pwd.app_error', 'Enter your login ID and password.');
  }
  const email = ctx.config.get().EmailSettings;
  let user: UserRecord | undefined;
  if (email.EnableSignInWithUsername) user = await ctx.store.users.getByUsername(loginId);
  if (!user && email.EnableSignInWithEmail && loginId.includes('@')) user = await ctx.store.users.getByEmail(loginId);
  const wrong = () => new AppError('api.user.login.invalid_credentials_email_username', 'Enter a valid email or username and/or password.', 401);
  if (!user || !user.password) {
    // Hash anyway so a missing account takes as long as a wrong password.
    await argonVerify(DUMMY_HASH, password).catch(() => false);
    throw wrong();
  }
  const max = ctx.config.get().ServiceSettings.MaximumLoginAttempts;
  if (user.failed_attempts >= max) {
    throw new AppError('api.user.check_user_login_attempts.too_many.app_error', 'Your account is locked because of too many failed password attempts. Please reset your password.', 401);
  }
  if (!(await argonVerify(user.password, password))) {
    await ctx.store.users.update(user.id, { failed_attempts: user.failed_attempts + 1 });
    throw wrong();
  }
  if (user.delete_at !== 0) throw new AppError('api.user.login.inactive.app_error', 'Login failed because your account has been deactivated. Please contact an administrator.', 401);
  if (user.failed_attempts > 0) await ctx.store.users.update(user.id, { failed_attempts: 0 });
  return user;
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Cq6d4BD0L3y2LsG3d0yQy1B2r6aUeS4mYQy7xQ0cGQ';

/** Only the user themself or someone with manage_system may change a user. */
export function requireSelfOrAdmin(session: Session, userId: string): void {
  if (session.user_id !== userId && !hasPermission(session, 'manage_system')) {
    throw new AppError('api.context.permissions.app_error', 'You do not have the appropriate permissions.', 403);
  }
}

export type UserPatch = {
  username?: unknown;
  email?: unknown;
  nickname?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  position?: unknown;
  locale?: unknown;
  props?: unknown;
  notify_props?: unknown;
  timezone?: unknown;
};

export async function patchUser(ctx: AppContext, user: UserRecord, patch: UserPatch): Promise<UserRecord> {
  const next: Partial<UserRecord> = {};
  if (patch.username !== undefined) next.username = validateUsername(patch.username);
  if (patch.email !== undefined) next.email = validateEmail(patch.email);
  if (patch.nickname !== undefined) next.nickname = checkLength('nickname', patch.nickname, 64);
  if (patch.first_name !== undefined) next.first_name = checkLength('first_name', patch.first_name, 64);
  if (patch.last_name !== undefined) next.last_name = checkLength('last_name', patch.last_name, 64);
  if (patch.position !== undefined) next.position = checkLength('position', patch.position, 128);
  if (patch.locale !== undefined) {
    if (patch.locale !== 'en' && patch.locale !== 'nb') throw invalid('locale', 'Locale must be "en" or "nb".');
    next.locale = patch.locale;
  }
  for (const key of ['props', 'notify_props', 'timezone'] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (!isStringMap(value)) throw invalid(key, `${key} must be an object of strings.`);
    next[key] = { ...user[key], ...value };
  }
  return commit(ctx, async (store) => {
    if (next.username && next.username !== user.username && (await store.users.getByUsername(next.username))) {
      throw badRequest('app.user.save.username_exists.app_error', 'An account with that username already exists.');
    }
    if (next.email && next.email !== user.email && (await store.users.getByEmail(next.email))) {
      throw badRequest('app.user.save.email_exists.app_error', 'An account with that email already exists.');
    }
    next.update_at = ctx.now();
    await store.users.update(user.id, next);
    const updated = { ...user, ...next };
    return { result: updated, events: [{ event: 'user_updated', data: { user: sanitizeUser(ctx, updated, null) }, broadcast: {} }] };
  });
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string' && x.length <= 4096);

/** Roles may only be combinations of the system roles. */
export function validateSystemRoles(roles: unknown): string {
  if (typeof roles !== 'string') throw badRequest('api.context.invalid_body_param.app_error', 'Invalid or missing roles in request body.');
  const list = roles.split(' ').filter(Boolean);
  const unknown = list.filter((r) => !SYSTEM_ROLES.includes(r));
  if (unknown.length > 0 || !list.includes('system_user')) {
    throw badRequest('api.user.update_user_roles.invalid_roles.app_error', `Invalid roles "${roles}": use system_user, optionally with system_admin or system_user_access_token.`);
  }
  return [...new Set(list)].join(' ');
}
