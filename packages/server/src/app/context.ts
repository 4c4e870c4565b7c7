import type { ConfigService } from '../config/service.ts';
import type { Store } from '../store/store.ts';
import type { Bus, ServerEvent } from '../realtime/bus.ts';
import type { StatusService } from './status.ts';
import type { SessionCache } from './session-cache.ts';
import type { ChannelPageCache } from './channel-page-cache.ts';
import type { ChannelReadGrants } from './channel-read-grants.ts';

/** What every app function works with. Built once in buildApp(). */
export type AppContext = {
  config: ConfigService;
  store: Store;
  bus: Bus;
  status: StatusService;
  now: () => number;
  /** Resolved tokens (see SessionCache); without one every request reads its session and user. */
  sessionCache?: SessionCache;
  /** Read checks that passed (see ChannelReadGrants); without it every read is checked against the database. */
  readGrants?: ChannelReadGrants;
  /** Channel history pages as sent, shared by their readers (see ChannelPageCache). */
  channelPages: ChannelPageCache;
};

/** Runs a write in one transaction and publishes its events only after it has committed. */
export async function commit<T>(ctx: AppContext, fn: (store: Store) => Promise<{ result: T; events?: ServerEvent[] }>): Promise<T> {
  const { result, events } = await ctx.store.tx(fn);
  for (const e of events ?? []) ctx.bus.publish(e);
  return result;
}
