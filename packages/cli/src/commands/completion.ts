import { Command, type Option } from 'commander';
import { examples } from '../lib/run.ts';

type Node = { path: string; subcommands: string[]; options: string[]; valueOptions: string[] };

/** Every command of the tree, by its path ("prat team users"), with its subcommands and flags. */
function walk(cmd: Command, prefix: string, out: Node[] = [], inherited: readonly Option[] = []): Node[] {
  const path = prefix === '' ? cmd.name() : `${prefix} ${cmd.name()}`;
  // Options of parent commands (the global flags, --config) are accepted anywhere below them.
  const options = [...inherited, ...cmd.options].filter((o) => !o.hidden);
  const visible = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
  out.push({
    path,
    subcommands: [...visible.map((c) => c.name()), ...(visible.length > 0 ? ['help'] : [])],
    options: [...new Set([...options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)), '--help'])],
    valueOptions: options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
  });
  for (const sub of visible) walk(sub, path, out, [...inherited, ...cmd.options]);
  return out;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Every "Section.Setting" of a config, for completing config get/set/reset. */
export function configKeys(config: Record<string, unknown>): string[] {
  return Object.entries(config).flatMap(([section, keys]) =>
    typeof keys === 'object' && keys !== null && !Array.isArray(keys) ? [section, ...Object.keys(keys).map((k) => `${section}.${k}`)] : [section],
  );
}

/** Shell functions both scripts share: the tree as `case` tables, which bash and zsh read alike. */
function tables(nodes: Node[], keys: string[]): string {
  const cases = (pick: (n: Node) => string[]) =>
    nodes.map((n) => `    ${quote(n.path)}) echo ${quote(pick(n).join(' '))} ;;`).join('\n');
  const valueOptions = [...new Set(nodes.flatMap((n) => n.valueOptions))].sort().join(' ');
  return `__prat_subcommands() {
  case "$1" in
${cases((n) => n.subcommands)}
  esac
}

__prat_options() {
  case "$1" in
${cases((n) => n.options)}
  esac
}

# Arguments: configuration keys, and the names of stored credentials (read from the file prat writes).
__prat_words() {
  case "$1" in
    'prat config get'|'prat config set'|'prat config reset') echo ${quote(keys.join(' '))} ;;
    'prat auth set'|'prat auth delete'|'prat auth renew')
      sed -n 's/^    "name": "\\(.*\\)",$/\\1/p' "\${XDG_CONFIG_HOME:-$HOME/.config}/prat/config" 2>/dev/null ;;
  esac
}

# Flags followed by a value: the value is not a subcommand.
__prat_value_options=' ${valueOptions} '

# The command path of the words typed so far ("prat team users"), and whether the last one waits for a flag's value.
__prat_path() {
  __prat_cmdpath="prat"
  __prat_expect_value=""
  local w
  for w in "$@"; do
    if [[ -n "$__prat_expect_value" ]]; then __prat_expect_value=""; continue; fi
    if [[ "$w" == -* ]]; then
      [[ "$w" != *=* && "$__prat_value_options" == *" $w "* ]] && __prat_expect_value=1
      continue
    fi
    if [[ " $(__prat_subcommands "$__prat_cmdpath") " == *" $w "* ]]; then __prat_cmdpath="$__prat_cmdpath $w"; fi
  done
}
`;
}

/** A bash completion script for the whole tree. */
export function bashCompletion(program: Command, keys: string[] = []): string {
  return `# bash completion for prat. Load it with:  source <(prat completion bash)
# or install it:  prat completion bash > /etc/bash_completion.d/prat
${tables(walk(program, ''), keys)}
_prat() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  __prat_path "\${COMP_WORDS[@]:1:COMP_CWORD-1}"
  if [[ -n "$__prat_expect_value" ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(__prat_options "$__prat_cmdpath")" -- "$cur"))
  else
    local subs
    subs="$(__prat_subcommands "$__prat_cmdpath")"
    [[ -z "$subs" ]] && subs="$(__prat_words "$__prat_cmdpath")"
    if [[ -n "$subs" ]]; then COMPREPLY=($(compgen -W "$subs" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
  fi
}
complete -o default -F _prat prat
`;
}

/** A zsh completion script: source it, or save it as _prat in a folder of $fpath. */
export function zshCompletion(program: Command, keys: string[] = []): string {
  return `#compdef prat
# zsh completion for prat. Load it with:  source <(prat completion zsh)
# or install it:  prat completion zsh > "\${fpath[1]}/_prat"
${tables(walk(program, ''), keys)}
_prat() {
  __prat_path "\${(@)words[2,CURRENT-1]}"
  local cur="\${words[CURRENT]}"
  if [[ -n "$__prat_expect_value" ]]; then
    _files
  elif [[ "$cur" == -* ]]; then
    compadd -- \${=$(__prat_options "$__prat_cmdpath")}
  else
    local subs="$(__prat_subcommands "$__prat_cmdpath")"
    [[ -z "$subs" ]] && subs="$(__prat_words "$__prat_cmdpath")"
    if [[ -n "$subs" ]]; then compadd -- \${=subs}; else _files; fi
  fi
}

if [[ "\${funcstack[1]}" == "_prat" ]]; then
  _prat "$@"
else
  compdef _prat prat
fi
`;
}

/** `prat completion bash|zsh`. */
export function completionCommand(program: Command): Command {
  const completion = new Command('completion').description('Print a shell completion script');
  const keys = async () => configKeys((await import('@prat/server')).defaultConfig());
  const bash = new Command('bash').description('Completion for bash').action(async () => void process.stdout.write(bashCompletion(program, await keys())));
  const zsh = new Command('zsh').description('Completion for zsh').action(async () => void process.stdout.write(zshCompletion(program, await keys())));
  examples(bash, 'source <(prat completion bash)', 'prat completion bash > /etc/bash_completion.d/prat');
  examples(zsh, 'source <(prat completion zsh)', 'prat completion zsh > "${fpath[1]}/_prat"');
  examples(completion, 'source <(prat completion bash)', 'source <(prat completion zsh)');
  return completion.addCommand(bash).addCommand(zsh);
}
