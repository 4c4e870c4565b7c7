import { newId } from '../app/ids.ts';
import type { PostRecord } from '../store/posts.ts';

/** A stored post with defaults, for store-level tests. */
export const makePostRecord = (channelId: string, createAt: number, fields: Partial<PostRecord> = {}): PostRecord => ({
  id: newId(),
  create_at: createAt,
  update_at: createAt,
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: newId(),
  channel_id: channelId,
  root_id: '',
  original_id: '',
  message: 'hei',
  type: '',
  props: {},
  hashtags: '',
  file_ids: [],
  pending_post_id: '',
  has_reactions: false,
  remote_id: '',
  reply_count: 0,
  last_reply_at: 0,
  ...fields,
});
