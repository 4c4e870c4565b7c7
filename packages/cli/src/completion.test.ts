// `prat completion`: the printed scripts loaded into real shells, completing as a user pressing Tab would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliUser } from './test/cli.ts';

const has = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;

/** Runs a shell script in `cwd` and returns its stdout, failing on a non-zero exit. */
function shell(sh: string, script: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(sh, ['-c', script], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('prat completion', () => {
  let cli: CliUser;
  let bash: string;
  let zsh: string;

  before(async () => {
    cli = await CliUser.create();
    [bash, zsh] = await Promise.all([cli.ok(['completion', 'bash']), cli.ok(['completion', 'zsh'])]);
    await writeFile(join(cli.home, 'prat.bash'), bash);
    await writeFile(join(cli.home, '_prat'), zsh);
    // Stored credentials, for completing `auth set <name>`.
    await mkdir(join(cli.configHome, 'prat'), { recursive: true });
    const creds = (name: string) => ({ name, username: 'u', authToken: 't', authMethod: 'T', instanceUrl: 'https://x', active: false });
    await writeFile(cli.credentialsFile, JSON.stringify({ prod: creds('prod'), staging: creds('staging') }, null, 2));
  });
  after(() => cli.remove());

  const cases: Array<[string[], string]> = [
    [['prat', ''], 'server auth config team channel user token post system completion help'],
    [['prat', 'te'], 'team'],
    [['prat', 'team', 'users', ''], 'add remove help'],
    [['prat', '--json', 'channel', 'ar'], 'archive'],
    [['prat', 'channel', 'create', '--team', 'fribyte', '--disp'], '--display-name'],
    [['prat', 'config', 'get', 'TeamSettings.ExperimentalDef'], 'TeamSettings.ExperimentalDefaultChannels'],
    [['prat', 'auth', 'set', ''], 'prod staging'],
    [['prat', 'server', '--con'], '--config'],
  ];

  it('bash: completes commands, subcommands, flags, config keys and stored connection names', { skip: !has('bash') && 'bash is not installed' }, () => {
    const script = `source ./prat.bash
t() { COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _prat; echo "\${COMPREPLY[*]}"; }
${cases.map(([words]) => `t ${words.map((w) => `'${w}'`).join(' ')}`).join('\n')}`;
    const out = shell('bash', `cd '${cli.home}' && ${script}`, { XDG_CONFIG_HOME: cli.configHome, HOME: cli.home });
    assert.deepEqual(out.trimEnd().split('\n'), cases.map(([, expected]) => expected));
  });

  it('bash: completes file names for a flag value and for config patch', { skip: !has('bash') && 'bash is not installed' }, async () => {
    await writeFile(join(cli.home, 'changes.json'), '{}');
    const out = shell('bash', `cd '${cli.home}' && source ./prat.bash && COMP_WORDS=(prat config patch chan) COMP_CWORD=3 && _prat && echo "\${COMPREPLY[*]}"`, { HOME: cli.home });
    assert.equal(out.trim(), 'changes.json');
  });

  it('zsh: the script parses, and completes the same words', { skip: !has('zsh') && 'zsh is not installed' }, () => {
    assert.equal(spawnSync('zsh', ['-n', join(cli.home, '_prat')]).status, 0);
    // compadd and compdef exist only inside zsh's completion system; stand-ins print what would be offered.
    const script = `compdef() { :; }
compadd() { [[ "$1" == "--" ]] && shift; print -r -- "$*"; }
_files() { print -r -- "(files)"; }
source ./_prat
t() { words=("$@"); CURRENT=\${#words}; _prat; }
${cases.map(([words]) => `t ${words.map((w) => `'${w}'`).join(' ')}`).join('\n')}
t prat channel create --team ''`;
    const out = shell('zsh', `cd '${cli.home}' && ${script}`, { XDG_CONFIG_HOME: cli.configHome, HOME: cli.home });
    const lines = out.trimEnd().split('\n');
    // zsh filters by the typed prefix itself: every expected word is offered.
    cases.forEach(([, expected], i) => {
      for (const word of expected.split(' ')) assert.ok(lines[i]!.split(' ').includes(word), `${cases[i]![0].join(' ')}: ${word} not in ${lines[i]}`);
    });
    assert.equal(lines.at(-1), '(files)');
  });
});
