import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminConfig } from '@mattermost/types/config';
import { credentialsOption, examples, run, type Ctx } from '../lib/run.ts';
import { CliError, isApiError, statusOf } from '../lib/errors.ts';
import { describeJsonError, getPath, parseValue, requireKey, resolveKey, sameJson, setPath } from '../lib/config-values.ts';
import { canPrompt, confirm, requireConfirmation } from '../lib/prompt.ts';

/** `prat config`: read and change the server's config.json through the API; every change is live at once. */
export function configCommand(): Command {
  const config = new Command('config').description("Read and change the server's configuration").addOption(credentialsOption());
  examples(
    config,
    'prat config get TeamSettings.ExperimentalDefaultChannels',
    'prat config set TeamSettings.ExperimentalDefaultChannels generelt viktig "[drift] alt"',
    'prat config edit',
  );

  const get = new Command('get').description('Print one setting, as JSON').argument('<key>', 'Section.Setting').action(run(getAction));
  examples(get, 'prat config get ServiceSettings.SiteURL', 'prat config get TeamSettings');

  const set = new Command('set')
    .description('Change one setting; the value takes the type of the current one (a list takes every value given)')
    .argument('<key>', 'Section.Setting')
    .argument('[values...]', 'the new value; several for a list, none for an empty list')
    .action(run(setAction));
  examples(
    set,
    'prat config set TeamSettings.ExperimentalDefaultChannels generelt viktig "[drift] alt"',
    'prat config set ServiceSettings.EnableUserAccessTokens true',
    'prat config set ServiceSettings.PostEditTimeLimit -1',
  );

  const show = new Command('show').description('Print the whole configuration (secrets masked)').action(run(showAction));
  examples(show, 'prat config show', 'prat config show --json > config-backup.json');

  const patch = new Command('patch')
    .description('Merge a JSON file (a partial configuration) into the configuration')
    .argument('<file>', 'JSON file, e.g. {"TeamSettings": {"SiteName": "Prat"}}')
    .action(run(patchAction));
  examples(patch, 'prat config patch ./changes.json');

  const reload = new Command('reload').description('Make the server re-read its config.json').action(run(reloadAction));
  examples(reload, 'prat config reload');

  const reset = new Command('reset')
    .description('Reset settings or whole sections to their defaults (everything when none is named)')
    .argument('[keys...]', 'Section or Section.Setting')
    .option('--confirm', 'do not ask for confirmation')
    .action(run(resetAction));
  examples(reset, 'prat config reset TeamSettings.ExperimentalDefaultChannels --confirm', 'prat config reset RateLimitSettings');

  const edit = new Command('edit')
    .description('Edit the configuration in $EDITOR (then $VISUAL, then vi); saved when the editor exits')
    .action(run(editAction));
  examples(edit, 'prat config edit', 'EDITOR=nano prat config edit');

  for (const c of [get, set, show, patch, reload, reset, edit]) config.addCommand(c);
  return config;
}

async function getAction(ctx: Ctx, key: string): Promise<void> {
  const cfg = await (await ctx.client()).getConfig();
  const path = requireKey(cfg, key);
  const value = getPath(cfg, path);
  ctx.out.print(value, JSON.stringify(value, null, 2));
}

/** As mmctl: read the whole configuration, change one value, send it back with PUT /config/patch. */
async function setAction(ctx: Ctx, key: string, words: string[]): Promise<void> {
  const client = await ctx.client();
  const cfg = await client.getConfig();
  const path = requireKey(cfg, key);
  const value = parseValue(path, getPath(cfg, path), words);
  setPath(cfg, path, value);
  const saved = await client.patchConfig(cfg);
  const now = getPath(saved, path);
  ctx.out.print({ key: path, value: now }, `${path} = ${JSON.stringify(now)}`);
}

async function showAction(ctx: Ctx): Promise<void> {
  const cfg = await (await ctx.client()).getConfig();
  ctx.out.print(cfg, JSON.stringify(cfg, null, 2));
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${describeJsonError(text, err)}; nothing was changed`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CliError(`${path} must hold a JSON object; nothing was changed`);
  return parsed as Record<string, unknown>;
}

async function patchAction(ctx: Ctx, file: string): Promise<void> {
  const partial = await readJsonObject(file);
  const saved = await (await ctx.client()).patchConfig(partial as unknown as AdminConfig);
  ctx.out.print(saved, `Configuration patched from ${file}`);
}

async function reloadAction(ctx: Ctx): Promise<void> {
  await (await ctx.client()).reloadConfig();
  ctx.out.print({ status: 'OK' }, 'Configuration reloaded from the file');
}

/**
 * The server has no defaults endpoint; the defaults are Prat's own, shipped with the server package this CLI comes
 * with. The whole configuration goes back with PUT /config, as mmctl does.
 */
async function resetAction(ctx: Ctx, keys: string[], opts: { confirm?: boolean }): Promise<void> {
  const client = await ctx.client();
  const cfg = await client.getConfig();
  const { defaultConfig } = await import('@prat/server');
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  const targets = keys.length > 0 ? keys.map((k) => requireKey(cfg, k)) : Object.keys(defaults);
  for (const path of targets) {
    if (resolveKey(defaults, path) !== path) throw new CliError(`${path} has no default in Prat: reset it by editing it ("prat config edit")`);
  }
  await requireConfirmation(opts.confirm, keys.length > 0 ? `Reset ${targets.join(', ')} to the defaults?` : 'Reset the whole configuration to the defaults?');
  for (const path of targets) setPath(cfg, path, structuredClone(getPath(defaults, path)));
  await client.updateConfig(cfg);
  ctx.out.print({ reset: targets }, `Reset to the defaults: ${targets.join(', ')}`);
}

function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.EDITOR || env.VISUAL || 'vi';
}

/** Runs the editor on the file with the terminal handed over; $EDITOR may carry arguments ("code --wait"). */
function runEditor(file: string): void {
  const editor = editorCommand();
  const r = spawnSync('/bin/sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit' });
  if (r.error) throw new CliError(`cannot run the editor "${editor}": ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`the editor "${editor}" exited with ${r.status ?? r.signal}; nothing was saved (your edit is in ${file})`);
}

/**
 * mmctl's config edit: the configuration as JSON in a private temp file, the editor, then PUT /config with the whole
 * object. Invalid JSON or a value the server refuses (a locked MM_* key among them) is shown, and the same file is
 * opened again so no edit is lost.
 */
async function editAction(ctx: Ctx): Promise<void> {
  const client = await ctx.client();
  const original = await client.getConfig();
  const dir = await mkdtemp(join(tmpdir(), 'prat-config-'));
  const file = join(dir, 'config.json');
  await writeFile(file, JSON.stringify(original, null, 2) + '\n', { mode: 0o600 });
  for (;;) {
    runEditor(file);
    const text = await readFile(file, 'utf8');
    let problem: string;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('the configuration must be a JSON object');
      if (sameJson(parsed, original)) {
        await rm(dir, { recursive: true, force: true });
        ctx.out.print({ changed: false }, 'No changes made.');
        return;
      }
      const saved = await client.updateConfig(parsed as AdminConfig);
      await rm(dir, { recursive: true, force: true });
      ctx.out.print(saved, 'Configuration saved; the server uses it now.');
      return;
    } catch (err) {
      if (err instanceof SyntaxError) problem = `the file is not valid JSON: ${describeJsonError(text, err)}`;
      else if (isApiError(err) && statusOf(err) === 400) problem = `the server refused the configuration: ${err.message}`;
      else throw err;
    }
    ctx.out.error(problem);
    if (!canPrompt()) throw new CliError(`nothing was saved; your edit is in ${file}`);
    if (!(await confirm('Edit again?', true))) throw new CliError(`nothing was saved; your edit is in ${file}`);
  }
}
