// A small message formatter for the catalogues: `{name}` placeholders and ICU-style plurals
// (`{count, plural, one {# message} other {# messages}}`, with `=0 {…}` exact matches). It is all the catalogues
// use, and it keeps a 40 KB i18n library out of the initial bundle.

export type Values = Record<string, string | number>;

export function formatMessage(template: string, values: Values = {}, locale = 'en'): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const close = matchingBrace(template, open);
    if (close === -1) {
      out += template.slice(open);
      break;
    }
    out += formatArgument(template.slice(open + 1, close), values, locale);
    i = close + 1;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function formatArgument(arg: string, values: Values, locale: string): string {
  const comma = arg.indexOf(',');
  if (comma === -1) {
    const v = values[arg.trim()];
    return v === undefined ? `{${arg}}` : String(v);
  }
  const name = arg.slice(0, comma).trim();
  const rest = arg.slice(comma + 1);
  const kind = rest.slice(0, rest.indexOf(',')).trim();
  if (kind !== 'plural') return `{${arg}}`;
  const n = Number(values[name] ?? 0);
  const cases = parseCases(rest.slice(rest.indexOf(',') + 1));
  const chosen = cases.get(`=${n}`) ?? cases.get(new Intl.PluralRules(locale).select(n)) ?? cases.get('other') ?? '';
  return formatMessage(chosen, values, locale).replaceAll('#', new Intl.NumberFormat(locale).format(n));
}

function parseCases(s: string): Map<string, string> {
  const cases = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    const open = s.indexOf('{', i);
    if (open === -1) break;
    const key = s.slice(i, open).trim();
    const close = matchingBrace(s, open);
    if (close === -1) break;
    cases.set(key, s.slice(open + 1, close));
    i = close + 1;
  }
  return cases;
}

/** A byte count for people, in the UI's language: "22 bytes", "12 kB", "3.4 MB". */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  // Whole bytes are spelled out ("22 bytes"; the short form is "22 byte" in English); larger units are short.
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: i === 0 ? 'long' : 'short', maximumFractionDigits: value < 10 && i > 0 ? 1 : 0 }).format(value);
}
