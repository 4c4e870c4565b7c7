import { defaultConfig } from './defaults.ts';

export type ConfigProblem = { field: string; message: string };

type Rule = (value: unknown) => string | undefined;

const oneOf =
  (...allowed: string[]): Rule =>
  (v) =>
    allowed.includes(v as string) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
const atLeast =
  (min: number): Rule =>
  (v) =>
    (v as number) >= min ? undefined : `must be at least ${min}`;
const between =
  (min: number, max: number): Rule =>
  (v) =>
    (v as number) >= min && (v as number) <= max ? undefined : `must be between ${min} and ${max}`;

const listenAddress: Rule = (v) => (/^[^\s]*:\d{1,5}$/.test(v as string) ? undefined : 'must look like ":8065" or "host:port"');
const siteUrl: Rule = (v) => {
  if (v === '') return undefined;
  try {
    const u = new URL(v as string);
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'must be an http:// or https:// URL';
  } catch {
    return 'must be an http:// or https:// URL';
  }
};

// Rules beyond the type check every key gets from its default.
const RULES: Record<string, Rule> = {
  'ServiceSettings.SiteURL': siteUrl,
  'ServiceSettings.ListenAddress': listenAddress,
  'ServiceSettings.ConnectionSecurity': oneOf('', 'TLS'),
  'ServiceSettings.MaximumLoginAttempts': atLeast(1),
  'ServiceSettings.SessionLengthWebInHours': atLeast(1),
  'ServiceSettings.SessionLengthMobileInHours': atLeast(1),
  'ServiceSettings.SessionCacheInMinutes': atLeast(0),
  'ServiceSettings.PostEditTimeLimit': atLeast(-1),
  'ServiceSettings.MaximumPayloadSizeBytes': atLeast(1024),
  'ServiceSettings.CollapsedThreads': oneOf('disabled', 'default_off', 'default_on', 'always_on'),
  'TeamSettings.SiteName': (v) => ((v as string).length <= 30 ? undefined : 'must be at most 30 characters'),
  'TeamSettings.MaxUsersPerTeam': atLeast(1),
  'TeamSettings.MaxChannelsPerTeam': atLeast(1),
  'TeamSettings.MaxNotificationsPerChannel': atLeast(1),
  'TeamSettings.TeammateNameDisplay': oneOf('username', 'nickname_full_name', 'full_name'),
  'TeamSettings.RestrictDirectMessage': oneOf('any', 'team'),
  'TeamSettings.ExperimentalDefaultChannels': (v) =>
    (v as string[]).every((s) => s.trim() !== '' && s.length <= 64) ? undefined : 'entries must be non-empty and at most 64 characters',
  'SqlSettings.DriverName': oneOf('sqlite', 'postgres'),
  'SqlSettings.DataSource': (v) => ((v as string).trim() === '' ? 'must not be empty' : undefined),
  'SqlSettings.MaxOpenConns': atLeast(1),
  'SqlSettings.ConnMaxLifetimeMilliseconds': atLeast(0),
  'SqlSettings.ConnMaxIdleTimeMilliseconds': atLeast(0),
  'LogSettings.ConsoleLevel': oneOf('DEBUG', 'INFO', 'WARN', 'ERROR'),
  'LogSettings.FileLevel': oneOf('DEBUG', 'INFO', 'WARN', 'ERROR'),
  'PasswordSettings.MinimumLength': between(5, 72),
  'FileSettings.MaxFileSize': atLeast(1),
  'FileSettings.DriverName': oneOf('local'),
  'FileSettings.Directory': (v) => ((v as string).trim() === '' ? 'must not be empty' : undefined),
  'EmailSettings.ConnectionSecurity': oneOf('', 'TLS', 'STARTTLS', 'PLAIN'),
  'RateLimitSettings.PerSec': atLeast(1),
  'RateLimitSettings.MaxBurst': atLeast(0),
  'RateLimitSettings.MemoryStoreSize': atLeast(1),
  'LocalizationSettings.DefaultServerLocale': oneOf('en', 'nb'),
  'LocalizationSettings.DefaultClientLocale': oneOf('en', 'nb'),
};

/** Checks every known key's type and rules; lists every problem at once. Unknown keys pass untouched. */
export function validateConfig(candidate: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!isObject(candidate)) return [{ field: '', message: 'the config must be a JSON object' }];
  const defaults = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
  for (const [section, keys] of Object.entries(defaults)) {
    const given = candidate[section];
    if (given === undefined) continue;
    if (!isObject(given)) {
      problems.push({ field: section, message: 'must be an object' });
      continue;
    }
    for (const [key, sample] of Object.entries(keys)) {
      const field = `${section}.${key}`;
      const value = given[key];
      if (value === undefined) continue;
      const typeProblem = checkType(sample, value);
      if (typeProblem) {
        problems.push({ field, message: typeProblem });
        continue;
      }
      const rule = RULES[field];
      const ruleProblem = rule?.(value);
      if (ruleProblem) problems.push({ field, message: ruleProblem });
    }
  }
  return problems;
}

function checkType(sample: unknown, value: unknown): string | undefined {
  if (Array.isArray(sample)) {
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
  }
  if (typeof sample === 'number') return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
  if (typeof value !== typeof sample) return `must be a ${typeof sample}`;
  return undefined;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
