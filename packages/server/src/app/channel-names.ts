import { badRequest, type AppError } from './errors.ts';
import { isValidId } from './ids.ts';

/** Mattermost's limits for a channel handle (the `name` in its URL). */
export const CHANNEL_NAME_MAX = 64;
const HANDLE = /^[a-z0-9]+([a-z\-_0-9]+|(__)?)[a-z0-9]*$/;

/** A `<id>__<id>` handle belongs to a direct message; no other channel may take that form. */
export function isDirectMessageName(name: string): boolean {
  const parts = name.split('__');
  return parts.length === 2 && isValidId(parts[0]) && isValidId(parts[1]);
}

/** Why a handle is not acceptable for a team channel, as Mattermost's AppError; undefined when it is fine. */
export function channelNameProblem(name: string): AppError | undefined {
  if (name.length < 1 || name.length > CHANNEL_NAME_MAX) {
    return badRequest('model.channel.is_valid.name.app_error', `The channel handle must be between 1 and ${CHANNEL_NAME_MAX} characters.`);
  }
  if (!HANDLE.test(name)) {
    return badRequest(
      'model.channel.is_valid.2_or_more.app_error',
      `Invalid channel handle "${name}": use lowercase letters, digits, "-" and "_", starting with a letter or digit.`,
    );
  }
  if (isDirectMessageName(name)) return badRequest('model.channel.is_valid.name.app_error', 'That handle is reserved for direct messages.');
  return undefined;
}

// Letters that Unicode decomposition leaves alone but that have an obvious ASCII spelling.
const SPELLED: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', þ: 'th', ð: 'd', ł: 'l', đ: 'd', ı: 'i' };

/**
 * A handle derived from a display name, for channels created without one: "[drift] alt" → "drift-alt",
 * "Ærlig talt" → "aerlig-talt". Accents are dropped, every run of other characters becomes one "-", and the result
 * is cut to fit. Returns "" when nothing usable remains (a display name of only emoji, say).
 */
export function deriveChannelName(displayName: string): string {
  const ascii = displayName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}/gu, '')
    .replace(/[æøœßþðłđı]/g, (ch) => SPELLED[ch] ?? '');
  const slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return trimTo(slug, CHANNEL_NAME_MAX);
}

/** The handle for the n-th clash (n ≥ 2): "drift-alt-2", shortening the base so the whole still fits. */
export function withSuffix(base: string, n: number): string {
  const suffix = `-${n}`;
  return trimTo(base, CHANNEL_NAME_MAX - suffix.length) + suffix;
}

/** The first of base, base-2, base-3 … not in `taken`. */
export function firstFreeName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = withSuffix(base, n);
    if (!used.has(candidate)) return candidate;
  }
}

const trimTo = (s: string, max: number) => s.slice(0, max).replace(/-+$/, '');
