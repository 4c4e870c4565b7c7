import { defaultConfig } from './defaults.ts';

export type Override = { path: string; variable: string; value: unknown };

/**
 * Reads MM_<SECTION>_<KEY> variables as Mattermost does: names match case-insensitively, booleans and numbers
 * are parsed, string lists split on spaces. Variables naming no known key are ignored (MM_CONFIG among them).
 */
export function readEnvironmentOverrides(env: NodeJS.ProcessEnv): { overrides: Override[]; problems: string[] } {
  const defaults = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  const index = new Map<string, { section: string; key: string }>();
  for (const [section, keys] of Object.entries(defaults)) {
    for (const key of Object.keys(keys)) index.set(`MM_${section}_${key}`.toUpperCase(), { section, key });
  }
  const overrides: Override[] = [];
  const problems: string[] = [];
  for (const [variable, raw] of Object.entries(env)) {
    if (raw === undefined || !variable.startsWith('MM_')) continue;
    const target = index.get(variable.toUpperCase());
    if (!target) continue;
    const sample = defaults[target.section]![target.key];
    const path = `${target.section}.${target.key}`;
    const value = parseLike(sample, raw);
    if (value === undefined) {
      problems.push(`${variable}: "${raw}" is not a valid ${typeName(sample)} for ${path}`);
      continue;
    }
    overrides.push({ path, variable, value });
  }
  return { overrides, problems };
}

function parseLike(sample: unknown, raw: string): unknown {
  if (typeof sample === 'boolean') {
    if (/^(true|1)$/i.test(raw)) return true;
    if (/^(false|0)$/i.test(raw)) return false;
    return undefined;
  }
  if (typeof sample === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  if (Array.isArray(sample)) return raw.split(' ').filter((s) => s !== '');
  return raw;
}

const typeName = (sample: unknown) => (Array.isArray(sample) ? 'list' : typeof sample);

/** The variable that would override a key, e.g. ServiceSettings.SiteURL → MM_SERVICESETTINGS_SITEURL. */
export const variableFor = (path: string) => `MM_${path.replace('.', '_').toUpperCase()}`;
