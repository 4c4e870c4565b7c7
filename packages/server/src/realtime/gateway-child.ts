// The WebSocket gateway process (see gateway.ts): a LocalSocketHost driven by the main process over IPC.
import type { Socket } from 'node:net';
import { LocalSocketHost } from './socket-host.ts';
import { collectGarbageAtRest } from '../rest-collector.ts';
import type { GatewayCommand, GatewayMessage } from './gateway.ts';

// It runs from standard input (`node -`): say in `ps` and `top` what it is.
process.title = 'prat gateway';
const host = new LocalSocketHost();
const tell = (m: GatewayMessage) => process.send!(m);
host.onEvent = tell;

process.on('message', (cmd: GatewayCommand, handle?: Socket) => {
  switch (cmd.t) {
    case 'adopt':
      // The client may have gone while its socket travelled here.
      if (!handle) tell({ t: 'closed', sock: cmd.sock });
      else host.adopt(cmd.sock, handle, { url: cmd.url, headers: cmd.headers, head: Buffer.from(cmd.head, 'base64') }, cmd.establish);
      return;
    case 'establish':
      return host.establish(cmd.sock, cmd.e);
    case 'send':
      return host.send(cmd.sock, cmd.frame, cmd.close);
    case 'deliver':
      return host.deliver(cmd.body, cmd.refs);
    case 'end':
      return host.end(cmd.refs, cmd.code, cmd.reason);
    case 'flush':
      // Commands are handled in order and writes are issued synchronously: everything before this one is written.
      return tell({ t: 'flushed', n: cmd.n });
    case 'close':
      void host.close().then(() => process.exit(0));
      return;
  }
});

// The main process decides when the gateway stops: a terminal's Ctrl-C or a service manager's SIGTERM reaches the
// whole process group, and the main process then closes the gateway after its own requests are done. If the main
// process dies, the IPC channel closes and so does the gateway.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);
process.on('disconnect', () => process.exit(0));

collectGarbageAtRest();
tell({ t: 'ready' });
