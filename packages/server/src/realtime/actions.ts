import type { AppContext } from '../app/context.ts';
import { isValidId } from '../app/ids.ts';
import { API_VERSION } from '../version.ts';

export type ActionReply = { status: 'OK' | 'FAIL'; seq_reply: number; data?: unknown; error?: { id: string; message: string } };

const ok = (seq: number, data?: unknown): ActionReply => (data === undefined ? { status: 'OK', seq_reply: seq } : { status: 'OK', seq_reply: seq, data });
const fail = (seq: number, id: string, message: string): ActionReply => ({ status: 'FAIL', seq_reply: seq, error: { id, message } });

/** The client actions Mattermost's WebSocket accepts once authenticated. */
export async function handleAction(ctx: AppContext, userId: string, action: string, seq: number, data: Record<string, unknown>): Promise<ActionReply> {
  switch (action) {
    case 'ping':
      return ok(seq, { text: 'pong', version: API_VERSION, server_time: ctx.now(), node_id: '' });
    case 'user_typing': {
      const channelId = data.channel_id;
      const parentId = typeof data.parent_id === 'string' ? data.parent_id : '';
      if (!isValidId(channelId)) return fail(seq, 'api.websocket_handler.invalid_param.app_error', 'Invalid channel_id.');
      if (!ctx.config.get().ServiceSettings.EnableUserTypingMessages) return ok(seq);
      const member = await ctx.store.channels.getMember(channelId, userId);
      if (!member) return fail(seq, 'api.context.permissions.app_error', 'You are not a member of this channel.');
      ctx.bus.publish({
        event: 'typing',
        data: { user_id: userId, parent_id: parentId },
        broadcast: { channel_id: channelId, omit_users: { [userId]: true } },
      });
      return ok(seq);
    }
    case 'get_statuses': {
      const map: Record<string, string> = {};
      return ok(seq, map);
    }
    case 'get_statuses_by_ids': {
      const ids = Array.isArray(data.user_ids) ? data.user_ids.filter(isValidId).slice(0, 1000) : [];
      const map: Record<string, string> = {};
      for (const s of ctx.status.getMany(ids)) map[s.user_id] = s.status;
      return ok(seq, map);
    }
    case 'user_update_active_status':
    case 'presence':
    case 'posted_notify_ack':
      return ok(seq);
    default:
      return fail(seq, 'api.web_socket_router.bad_action.app_error', `Unknown action "${action}".`);
  }
}
