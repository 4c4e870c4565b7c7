import { randomFillSync } from 'node:crypto';

// Mattermost ids: 16 random bytes in base32 with this alphabet, no padding: always 26 characters.
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

// Random bytes are drawn from the system's CSPRNG a pool at a time: one call per 256 ids rather than one per id
// (every request, post and connection takes at least one id). Each byte is used once.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** A new 26-character id in Mattermost's format. */
export function newId(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const start = used;
  used += 16;
  let bits = 0;
  let value = 0;
  let out = '';
  for (let i = start; i < start + 16; i++) {
    value = (value << 8) | pool[i]!;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Mattermost's IsValidId: 26 letters or digits. */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && /^[a-z0-9]{26}$/i.test(id);
}

/** A random secret token (sessions, access tokens), same format as an id. */
export const newToken = newId;
