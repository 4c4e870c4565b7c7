import { Command } from 'commander';
import { addGlobalOptions } from './lib/run.ts';
import { authCommand } from './commands/auth.ts';
import { configCommand } from './commands/config.ts';
import { teamCommand } from './commands/team.ts';
import { channelCommand } from './commands/channel.ts';
import { userCommand } from './commands/user.ts';
import { tokenCommand } from './commands/token.ts';
import { systemCommand } from './commands/system.ts';
import { postCommand } from './commands/post.ts';
import { completionCommand } from './commands/completion.ts';

const program = addGlobalOptions(
  new Command('prat')
    .description('Prat: a team chat server that speaks the Mattermost API, and an mmctl-compatible command line for it.')
    .showHelpAfterError(),
);

const clientCommands = [authCommand(), configCommand(), teamCommand(), channelCommand(), userCommand(), tokenCommand(), postCommand(), systemCommand()];

// Loading the server costs most of a second; client commands never need it, so it is loaded only when it may run
// or be listed (its own command, help, completion, or a word commander will answer with a suggestion).
const first = process.argv.slice(2).find((a, i, all) => !a.startsWith('-') && all[i - 1] !== '--format');
if (!clientCommands.some((c) => c.name() === first)) {
  const { serverCommand } = await import('./commands/server.ts');
  program.addCommand(serverCommand());
}
for (const c of clientCommands) program.addCommand(c);
program.addCommand(completionCommand(program));

// Every command's help lists the global flags too, and a mistyped command shows its help.
const configure = (cmd: Command): void => {
  cmd.configureHelp({ showGlobalOptions: true }).showHelpAfterError();
  cmd.commands.forEach(configure);
};
configure(program);

program.addHelpText(
  'after',
  `
Examples:
  prat server --config ./config/config.json
  prat auth login https://chat.example.org --name example --access-token <token>
  prat config edit
  prat channel create --team fribyte --name drift-alt --display-name "[drift] alt"
  prat --local user create --email admin@example.org --username admin --password "long passphrase" --system-admin`,
);

await program.parseAsync(process.argv);
