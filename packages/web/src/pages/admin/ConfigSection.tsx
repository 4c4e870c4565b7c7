import { useId, useMemo, useState, type FormEvent } from 'react';
import type { AdminConfig } from '@mattermost/types/config';
import { client, errorMessage } from '../../client.ts';
import { store } from '../../store/state.ts';
import { useT, type MessageKey } from '../../i18n/index.ts';
import { CURATED, envVariable, kindOf, sectionPatch, toDraft, type FieldKind } from './config-fields.ts';
import { useSectionName, type ConfigState } from './AdminConsole.tsx';
import { FormError } from '../../components/common/FormError.tsx';

type Props = { section: string; config: ConfigState['config']; env: ConfigState['env']; replace: ConfigState['replace'] };

/** One config section: the curated settings with labels and help, then every other key by the shape of its value. */
export function ConfigSection({ section, config, env, replace }: Props) {
  const t = useT();
  const sectionName = useSectionName();
  const saved = config[section];
  const curated = useMemo(() => (CURATED[section] ?? []).filter((f) => f.key in saved), [section, saved]);
  const kinds = useMemo(() => {
    const out: Record<string, FieldKind> = {};
    for (const key of Object.keys(saved)) out[key] = kindOf(saved[key]);
    for (const f of curated) if (f.kind) out[f.key] = f.kind;
    return out;
  }, [saved, curated]);
  const others = Object.keys(saved).filter((k) => !curated.some((f) => f.key === k));
  const initial = useMemo(() => Object.fromEntries(Object.keys(saved).map((k) => [k, toDraft(kinds[k], saved[k])])), [saved, kinds]);
  const [drafts, setDrafts] = useState<Record<string, string | boolean>>(initial);
  const [status, setStatus] = useState<{ busy: boolean; error: string; saved: boolean; invalid: string[] }>({ busy: false, error: '', saved: false, invalid: [] });
  const locked = env[section] ?? {};
  const { patch } = sectionPatch(kinds, saved, drafts);
  const dirty = Object.keys(patch).length > 0 || Object.keys(drafts).some((k) => drafts[k] !== initial[k]);

  const set = (key: string, value: string | boolean) => {
    setDrafts((d) => ({ ...d, [key]: value }));
    setStatus((s) => ({ ...s, saved: false }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { patch, invalid } = sectionPatch(kinds, saved, drafts);
    if (invalid.length > 0) {
      setStatus({ busy: false, error: t('admin.config.invalid', { keys: invalid.join(', ') }), saved: false, invalid });
      return;
    }
    if (Object.keys(patch).length === 0) return;
    setStatus({ busy: true, error: '', saved: false, invalid: [] });
    try {
      const next = await client.patchConfig({ [section]: patch } as Partial<AdminConfig>);
      replace(next);
      // The server tells every client about the new client config (config_changed); fetch it too, so this tab
      // does not depend on the socket being up.
      const clientConfig = await client.getClientConfig().catch(() => null);
      if (clientConfig) store.update(() => ({ config: clientConfig }));
      setDrafts(Object.fromEntries(Object.keys(next[section as keyof AdminConfig] ?? {}).map((k) => [k, toDraft(kinds[k] ?? kindOf((next as never)[section][k]), (next as never)[section][k])])));
      setStatus({ busy: false, error: '', saved: true, invalid: [] });
    } catch (err) {
      setStatus({ busy: false, error: errorMessage(err), saved: false, invalid: [] });
    }
  };

  const field = (key: string, kind: FieldKind, curatedField: boolean) => {
    const labelKey = `admin.field.${section}.${key}` as MessageKey;
    const helpKey = `admin.help.${section}.${key}` as MessageKey;
    const label = curatedField ? t(labelKey) : key;
    const help = curatedField ? t(helpKey) : '';
    return (
      <Field
        key={key}
        name={key}
        label={label === labelKey ? key : label}
        help={help === helpKey ? '' : help}
        kind={kind}
        value={drafts[key]}
        lockedBy={locked[key] ? envVariable(section, key) : undefined}
        invalid={status.invalid.includes(key)}
        onChange={(v) => set(key, v)}
      />
    );
  };

  return (
    <form className="admin-section" onSubmit={submit} aria-labelledby="admin-section-title">
      <div className="admin-section-head">
        <h1 id="admin-section-title">{sectionName(section)}</h1>
        <div className="admin-save">
          <span role="status" className="acct-form-saved">
            {status.saved ? t('admin.config.saved') : ''}
          </span>
          <button type="submit" className="btn btn-primary" disabled={status.busy || !dirty}>
            {t('common.save')}
          </button>
        </div>
      </div>
      <FormError message={status.error} className="admin-error" />
      {curated.length > 0 && <div className="admin-fields">{curated.map((f) => field(f.key, kinds[f.key], true))}</div>}
      {others.length > 0 && (
        <section aria-labelledby="admin-other-title" className="admin-other">
          <h2 id="admin-other-title">{curated.length > 0 ? t('admin.config.other') : t('admin.config.all')}</h2>
          <div className="admin-fields">{others.map((k) => field(k, kinds[k], false))}</div>
        </section>
      )}
    </form>
  );
}

function Field({
  name,
  label,
  help,
  kind,
  value,
  lockedBy,
  invalid,
  onChange,
}: {
  name: string;
  label: string;
  help: string;
  kind: FieldKind;
  value: string | boolean;
  lockedBy?: string;
  invalid: boolean;
  onChange: (v: string | boolean) => void;
}) {
  const t = useT();
  const id = useId();
  const helpId = `${id}-help`;
  const lockId = `${id}-lock`;
  const describedBy = [help ? helpId : '', lockedBy ? lockId : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, disabled: lockedBy !== undefined, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined };
  let control;
  if (kind === 'bool') {
    control = <input type="checkbox" role="switch" className="admin-switch" checked={value === true} onChange={(e) => onChange(e.target.checked)} {...common} />;
  } else if (typeof kind === 'object') {
    control = (
      <select className="input" value={String(value)} onChange={(e) => onChange(e.target.value)} {...common}>
        {!kind.select.includes(String(value)) && <option value={String(value)}>{String(value)}</option>}
        {kind.select.map((o) => (
          <option key={o} value={o}>
            {t(`admin.option.${o}` as MessageKey) === `admin.option.${o}` ? o : t(`admin.option.${o}` as MessageKey)}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'list' || kind === 'json') {
    const rows = Math.min(10, Math.max(3, String(value).split('\n').length + 1));
    control = <textarea className="input acct-mono" rows={rows} spellCheck={false} value={String(value)} onChange={(e) => onChange(e.target.value)} {...common} />;
  } else {
    const numeric = kind === 'number' || kind === 'megabytes';
    control = (
      <input
        className="input"
        type="text"
        inputMode={numeric ? 'decimal' : undefined}
        value={String(value)}
        onChange={(e) => onChange(e.target.value)}
        {...common}
      />
    );
  }
  return (
    <div className={`admin-field${kind === 'bool' ? ' admin-field-bool' : ''}${lockedBy ? ' locked' : ''}`}>
      <label htmlFor={id} className={kind === 'bool' ? '' : 'admin-label'}>
        {label}
        {kind === 'megabytes' && <span className="acct-muted"> ({t('admin.config.megabytes')})</span>}
        {kind === 'list' && <span className="acct-muted"> ({t('admin.config.onePerLine')})</span>}
      </label>
      {control}
      {help && (
        <p id={helpId} className="admin-help">
          {help}
        </p>
      )}
      {lockedBy && (
        <p id={lockId} className="admin-locked">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
            <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2Z" />
          </svg>
          {t('admin.config.locked', { variable: lockedBy })}
        </p>
      )}
    </div>
  );
}
