import { Command } from 'commander';
import { startServer, collectGarbageAtRest, ConfigLoadError } from '@prat/server';
import { ensureWebBuild, distDir } from '@prat/web/build';

/** `prat server`: runs the server until SIGTERM or SIGINT, then shuts down cleanly and exits 0. */
export function serverCommand(): Command {
  return new Command('server')
    .description('Run the Prat server')
    .option('-c, --config <path>', 'path to config.json (env MM_CONFIG)', process.env.MM_CONFIG ?? './config/config.json')
    .addHelpText('after', '\nExamples:\n  prat server\n  prat server --config /etc/prat/config.json\n  MM_SQLSETTINGS_DRIVERNAME=postgres MM_SQLSETTINGS_DATASOURCE=postgres://… prat server')
    .action(async (opts: { config: string }) => {
      let server;
      try {
        // The web client is built from packages/web when its sources are newer than the last build
        // (PRAT_SKIP_WEB_BUILD=1 serves whatever build there is, e.g. for API benchmarks).
        if (process.env.PRAT_SKIP_WEB_BUILD !== '1') ensureWebBuild();
      } catch (err) {
        process.stderr.write(`${(err as Error).message}; serving the previous build if there is one\n`);
      }
      try {
        server = await startServer({ configPath: opts.config, webDir: process.env.PRAT_WEB_DIR ?? distDir });
      } catch (err) {
        const message = err instanceof ConfigLoadError ? err.message : `Prat could not start: ${(err as Error).message}`;
        process.stderr.write(message + '\n');
        process.exit(1);
      }
      server.http.log.info({ url: server.url, config: opts.config }, 'Prat is listening');
      collectGarbageAtRest({ log: (msg) => server.http.log.debug(msg) });
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.http.log.info({ signal }, 'shutting down');
        await server.close();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGHUP', () => void server.ctx.config.reload().catch((err: Error) => server.http.log.error({ err }, 'config reload failed')));
    });
}
