// The System Console's view of the server config: which sections it shows, the curated settings first (labelled in
// the catalogues), and how any other key is edited by the shape of its value.

export type FieldKind = 'bool' | 'number' | 'string' | 'list' | 'json' | 'megabytes' | { select: string[] };

export type CuratedField = { key: string; kind?: FieldKind };

/** Sections in the order of the navigation; any other section in the config is listed after them. */
export const SECTION_ORDER = [
  'TeamSettings',
  'ServiceSettings',
  'FileSettings',
  'RateLimitSettings',
  'EmailSettings',
  'PasswordSettings',
  'PrivacySettings',
  'LocalizationSettings',
  'SupportSettings',
  'LogSettings',
  'SqlSettings',
  'ClusterSettings',
];

/** The settings our users need first, per section; the rest of the section appears under "Other settings". */
export const CURATED: Record<string, CuratedField[]> = {
  TeamSettings: [
    { key: 'SiteName' },
    { key: 'EnableOpenServer' },
    { key: 'EnableUserCreation' },
    { key: 'MaxUsersPerTeam' },
    { key: 'ExperimentalDefaultChannels', kind: 'list' },
    { key: 'EnableConfirmNotificationsToChannel' },
    { key: 'RestrictCreationToDomains' },
    { key: 'TeammateNameDisplay', kind: { select: ['username', 'nickname_full_name', 'full_name'] } },
  ],
  ServiceSettings: [
    { key: 'SiteURL' },
    { key: 'EnableUserAccessTokens' },
    { key: 'EnableIncomingWebhooks' },
    { key: 'EnableOutgoingWebhooks' },
    { key: 'EnableCommands' },
    { key: 'EnableBotAccountCreation' },
    { key: 'UseLetsEncrypt' },
    { key: 'PostEditTimeLimit' },
  ],
  FileSettings: [{ key: 'EnableFileAttachments' }, { key: 'MaxFileSize', kind: 'megabytes' }, { key: 'EnablePublicLink' }],
  RateLimitSettings: [{ key: 'Enable' }, { key: 'PerSec' }, { key: 'MaxBurst' }, { key: 'VaryByRemoteAddr' }, { key: 'VaryByUser' }],
  EmailSettings: [{ key: 'EnableSignUpWithEmail' }, { key: 'EnableSignInWithEmail' }, { key: 'EnableSignInWithUsername' }],
  PasswordSettings: [{ key: 'MinimumLength' }, { key: 'Lowercase' }, { key: 'Uppercase' }, { key: 'Number' }, { key: 'Symbol' }],
  PrivacySettings: [{ key: 'ShowEmailAddress' }, { key: 'ShowFullName' }],
  LocalizationSettings: [
    { key: 'DefaultServerLocale', kind: { select: ['en', 'nb'] } },
    { key: 'DefaultClientLocale', kind: { select: ['en', 'nb'] } },
  ],
};

const MB = 1024 * 1024;

/** How a value is edited when no curated field says otherwise. */
export function kindOf(value: unknown): FieldKind {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return 'list';
  if (value !== null && typeof value === 'object') return 'json';
  return 'string';
}

/** The form value of a config value: booleans stay booleans, everything else becomes text. */
export function toDraft(kind: FieldKind, value: unknown): string | boolean {
  if (kind === 'bool') return value === true;
  if (kind === 'megabytes') return typeof value === 'number' ? String(Math.round((value / MB) * 100) / 100) : '';
  if (kind === 'number') return typeof value === 'number' ? String(value) : '';
  if (kind === 'list') return Array.isArray(value) ? value.join('\n') : '';
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return value === null || value === undefined ? '' : String(value);
}

/** Back from the form to the config value; throws `invalid` for a number or JSON that does not parse. */
export function fromDraft(kind: FieldKind, draft: string | boolean): unknown {
  if (kind === 'bool') return draft === true;
  const text = String(draft);
  if (kind === 'number' || kind === 'megabytes') {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n)) throw new Error('invalid');
    return kind === 'megabytes' ? Math.round(n * MB) : n;
  }
  // One entry per line; entries may hold spaces and brackets ("[drift] alt").
  if (kind === 'list') return text.split('\n').map((s) => s.trim()).filter(Boolean);
  if (kind === 'json') return JSON.parse(text);
  return text;
}

/** The MM_* variable that sets a key: MM_<SECTION>_<KEY>, upper case, as Mattermost reads them. */
export function envVariable(section: string, key: string): string {
  return `MM_${section}_${key}`.toUpperCase();
}

/** The keys of a section whose edited value differs from the saved one, as a patch for PUT /config/patch. */
export function sectionPatch(kinds: Record<string, FieldKind>, saved: Record<string, unknown>, drafts: Record<string, string | boolean>): { patch: Record<string, unknown>; invalid: string[] } {
  const patch: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [key, draft] of Object.entries(drafts)) {
    let value: unknown;
    try {
      value = fromDraft(kinds[key], draft);
    } catch {
      invalid.push(key);
      continue;
    }
    if (JSON.stringify(value) !== JSON.stringify(saved[key])) patch[key] = value;
  }
  return { patch, invalid };
}
