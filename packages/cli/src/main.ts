import { Command } from 'commander';
import { serverCommand } from './commands/server.ts';

const program = new Command('prat')
  .description('Prat: a team chat server that speaks the Mattermost API, and an mmctl-compatible command line for it.')
  .showHelpAfterError();

program.addCommand(serverCommand());

await program.parseAsync(process.argv);
