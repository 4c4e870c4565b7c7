import { CliError } from './errors.ts';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Finds a dotted key ("TeamSettings.ExperimentalDefaultChannels") in a config, matching each part exactly or else
 * case-insensitively, as mmctl does. Returns the key as the config spells it, or undefined.
 */
export function resolveKey(config: unknown, key: string): string | undefined {
  const out: string[] = [];
  let cur: unknown = config;
  for (const part of key.split('.')) {
    if (!isObject(cur) || part === '') return undefined;
    const found = part in cur ? part : Object.keys(cur).find((k) => k.toLowerCase() === part.toLowerCase());
    if (found === undefined) return undefined;
    out.push(found);
    cur = cur[found];
  }
  return out.join('.');
}

export function getPath(config: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), config);
}

export function setPath(config: unknown, key: string, value: unknown): void {
  const keys = key.split('.');
  const last = keys.pop()!;
  let cur = config as Obj;
  for (const k of keys) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[last] = value;
}

/** The canonical spelling of a key that must exist, or a clear error naming it (and close matches). */
export function requireKey(config: unknown, key: string): string {
  const found = resolveKey(config, key);
  if (found !== undefined) return found;
  const section = key.split('.')[0] ?? '';
  const sectionKey = resolveKey(config, section);
  const hint = sectionKey
    ? `; ${sectionKey} has ${Object.keys(getPath(config, sectionKey) as Obj).slice(0, 60).join(', ')}`
    : `; sections are ${isObject(config) ? Object.keys(config).join(', ') : 'unknown'}`;
  throw new CliError(`unknown configuration key "${key}"${hint}`);
}

/**
 * Parses command-line words into a value of the same type as the key's current value: a list takes every word as an
 * element ("[drift] alt" stays one element), a boolean takes true/false, a number a number, a string one word.
 */
export function parseValue(key: string, current: unknown, words: string[]): unknown {
  if (Array.isArray(current)) {
    const numeric = current.length > 0 && current.every((x) => typeof x === 'number');
    return numeric ? words.map((w) => parseNumber(key, w)) : words;
  }
  if (isObject(current)) {
    throw new CliError(`${key} is a section, not a setting: set its keys one by one (e.g. ${key}.${Object.keys(current)[0] ?? 'Key'}), or use "prat config patch"`);
  }
  if (words.length !== 1) {
    throw new CliError(`${key} takes exactly one value, got ${words.length}${words.length > 1 ? ' (quote a value that holds spaces)' : ''}`);
  }
  const word = words[0]!;
  if (typeof current === 'boolean') {
    const w = word.toLowerCase();
    if (w === 'true') return true;
    if (w === 'false') return false;
    throw new CliError(`${key} is true or false, not "${word}"`);
  }
  if (typeof current === 'number') return parseNumber(key, word);
  // Strings, and keys Mattermost leaves null, take the word as it is.
  return word;
}

function parseNumber(key: string, word: string): number {
  const n = Number(word);
  if (word.trim() === '' || !Number.isFinite(n)) throw new CliError(`${key} is a number, not "${word}"`);
  return n;
}

/**
 * A JSON.parse error as "<what> at line L, column C", which an editor can jump to. V8's own messages name a position
 * only for some errors, so the text is scanned here to find where it first goes wrong.
 */
export function describeJsonError(text: string, err: unknown): string {
  const found = findJsonError(text);
  if (!found) return (err as Error).message.replace(/\s*\n\s*/g, ' ');
  const before = text.slice(0, found.offset);
  const line = before.split('\n').length;
  const column = found.offset - before.lastIndexOf('\n');
  return `${found.problem} at line ${line}, column ${column}`;
}

/** A strict JSON scanner (RFC 8259) that reports the first offending character. */
export function findJsonError(text: string): { offset: number; problem: string } | undefined {
  let i = 0;
  class Bad extends Error {
    constructor(readonly offset: number, readonly problem: string) {
      super(problem);
    }
  }
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const unexpected = (expected: string): never => {
    if (i >= text.length) throw new Bad(i, `unexpected end of the file (expected ${expected})`);
    throw new Bad(i, `unexpected ${JSON.stringify(text[i])} (expected ${expected})`);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else unexpected('a value');
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Bad(i, 'invalid escape in a string');
      } else if (c < ' ') throw new Bad(i, 'a line break or control character inside a string');
      else i++;
    }
    throw new Bad(i, 'unexpected end of the file inside a string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) unexpected('a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') unexpected('a "quoted" key');
        string();
        ws();
        if (text[i] !== ':') unexpected('":"');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        unexpected('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        unexpected('"," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    ws();
    if (i < text.length) unexpected('the end of the file');
    return undefined;
  } catch (e) {
    if (e instanceof Bad) return { offset: e.offset, problem: e.problem };
    throw e;
  }
}

/** Deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}
