/**
 * A load-generator process: simulates a share of the users. Each simulated user holds one WebSocket that speaks
 * Mattermost's protocol (authentication_challenge, then only listens: it answers nothing) and, as a Poisson process
 * with a mean gap of meanThinkMs, views a channel, posts, reacts, types or fetches unreads over HTTP.
 *
 * Delivery is measured per post: the sender puts its send time (machine-wide monotonic µs) in pending_post_id, as
 * Mattermost clients put theirs; every connection that receives the `posted` event records now − send time. Once the
 * POST has succeeded the coordinator tells every worker which channel the post went to, and each worker works out
 * which of its connections had to receive it (members connected before the send): those that have not within 10 s
 * are lost events, a second copy on one connection is a duplicate.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { Api } from '../lib/http.ts';
import { HistogramSet } from '../lib/hist.ts';
import { Rng, Weighted } from '../lib/rand.ts';
import { emojiName, message } from '../lib/text.ts';
import { chooseChannel, loadWorld, userChannels, type UserChannels, type World } from '../lib/world.ts';
import { nowUs, type ActionName, type Counters, type FromWorker, type ToWorker, type WorkerInit } from './protocol.ts';

const LOST_AFTER_US = 10_000_000;
const ACTIONS: ActionName[] = ['view', 'post', 'react', 'typing', 'unreads'];

type Conn = {
  user: number;
  ws: WebSocket | null;
  token: string;
  openedAt: number;
  /** µs when hello arrived; 0 before. */
  helloAt: number;
  closed: boolean;
  nextSeq: number;
  actionSeq: number;
  replies: Map<number, (ok: boolean) => void>;
  prevChannel: number;
  nextActionAt: number;
  timer: NodeJS.Timeout | undefined;
};

type Track = { t0: number; channel: number; expected: Set<Conn> | null; received: Set<Conn>; seenAt: number };

let init: WorkerInit;
let world: World;
let tokens: string[];
let uc: UserChannels[];
let api: Api;
let rng: Rng;
let actionPicker: Weighted;
const conns = new Map<number, Conn>();
/** For each channel, the users of this worker who are members. */
let localMembers: number[][] = [];
const channelIndex = new Map<string, number>();
/** Recent posts seen per channel (newest last), for replies and reactions. */
const recentRoots: string[][] = [];
const recentPosts: string[][] = [];
const tracks = new Map<string, Track>();
/** Tracks already settled, kept a while so that late copies and duplicates are still recognised. */
const settled = new Map<string, { track: Track; at: number }>();
const hist = new HistogramSet();
const counters: Counters = {};
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let stopping = false;
let finished = false;
let errorLogs = 0;

const send = (m: FromWorker) => process.send!(m);
const count = (key: string, n = 1) => (counters[key] = (counters[key] ?? 0) + n);

function logError(message: string): void {
  if (errorLogs++ < 20) send({ t: 'log', message: `worker ${init.index}: ${message}` });
}

process.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'init':
      setup(m);
      break;
    case 'activate':
      activate(m.users, m.intervalMs);
      break;
    case 'postSent':
      expect(m.pid, m.channel, m.t0);
      break;
    case 'stop':
      stopping = true;
      for (const c of conns.values()) if (c.timer) clearTimeout(c.timer);
      break;
    case 'finish':
      finish();
      break;
    case 'exit':
      for (const c of conns.values()) {
        c.closed = true;
        c.ws?.terminate();
      }
      api?.close();
      process.exit(0);
  }
});

function setup(m: WorkerInit): void {
  init = m;
  ({ world, tokens } = loadWorld(m.worldPath));
  uc = userChannels(world);
  api = new Api(m.url);
  rng = new Rng(m.seed * 31 + m.index + 1);
  actionPicker = new Weighted(ACTIONS.map((a) => m.weights[a]));
  localMembers = world.channels.map((c) => c.members.filter((u) => u % m.workers === m.index));
  world.channels.forEach((c, i) => {
    channelIndex.set(c.id, i);
    recentRoots.push([...c.roots]);
    recentPosts.push([...c.roots]);
  });
  loopDelay.enable();
  setInterval(report, 1000).unref();
  setInterval(sweep, 1000).unref();
  send({ t: 'ready' });
}

function activate(users: number[], intervalMs: number): void {
  let i = 0;
  const next = () => {
    if (i >= users.length || stopping) return;
    connect(users[i++]!);
    if (i < users.length) setTimeout(next, intervalMs);
  };
  next();
}

function connect(user: number): void {
  const conn: Conn = {
    user,
    ws: null,
    token: tokens[user]!,
    openedAt: nowUs(),
    helloAt: 0,
    closed: false,
    nextSeq: 0,
    actionSeq: 1,
    replies: new Map(),
    prevChannel: -1,
    nextActionAt: 0,
    timer: undefined,
  };
  conns.set(user, conn);
  count('ws.opening');
  const ws = new WebSocket(`${init.url.replace(/^http/, 'ws')}/api/v4/websocket`, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 60_000 });
  conn.ws = ws;
  const authTimer = setTimeout(() => {
    if (conn.helloAt === 0) {
      logError(`user ${user}: no hello within 60 s`);
      count('ws.connect_failed');
      count('errors.total');
      conn.closed = true;
      ws.terminate();
    }
  }, 60_000);
  ws.on('open', () => {
    ws.send(JSON.stringify({ seq: conn.actionSeq++, action: 'authentication_challenge', data: { token: conn.token } }));
  });
  ws.on('message', (raw: Buffer) => onFrame(conn, raw.toString()));
  ws.on('error', (err) => {
    if (!conn.closed) logError(`user ${user}: websocket error ${err.message}`);
  });
  ws.on('close', (code) => {
    clearTimeout(authTimer);
    if (conn.timer) clearTimeout(conn.timer);
    for (const r of conn.replies.values()) r(false);
    conn.replies.clear();
    if (conn.closed) return;
    conn.closed = true;
    count('errors.total');
    if (conn.helloAt === 0) {
      count('ws.connect_failed');
      logError(`user ${user}: websocket closed (${code}) before hello`);
    } else {
      count('ws.closed_unexpectedly');
      logError(`user ${user}: websocket closed by the server (${code})`);
    }
  });
}

function onFrame(conn: Conn, s: string): void {
  if (s.startsWith('{"event":"')) {
    const name = s.slice(10, s.indexOf('"', 10));
    const at = s.lastIndexOf(',"seq":');
    const seq = at >= 0 ? Number(s.slice(at + 7, -1)) : NaN;
    count('events.total');
    count(`events.${name}`);
    if (Number.isInteger(seq)) {
      if (seq > conn.nextSeq) count('seq_gaps', seq - conn.nextSeq);
      else if (seq < conn.nextSeq) count('seq_backwards');
      conn.nextSeq = seq + 1;
    }
    if (name === 'posted') onPosted(conn, s);
    else if (name === 'hello') onHello(conn);
    return;
  }
  let reply: { seq_reply?: number; status?: string };
  try {
    reply = JSON.parse(s) as { seq_reply?: number; status?: string };
  } catch {
    count('errors.total');
    logError(`unparseable frame: ${s.slice(0, 100)}`);
    return;
  }
  if (typeof reply.seq_reply === 'number') {
    const r = conn.replies.get(reply.seq_reply);
    conn.replies.delete(reply.seq_reply);
    if (reply.seq_reply === 1 && reply.status !== 'OK') {
      count('errors.total');
      logError(`user ${conn.user}: authentication refused`);
    }
    r?.(reply.status === 'OK');
  }
}

function onHello(conn: Conn): void {
  if (conn.helloAt !== 0) return;
  conn.helloAt = nowUs();
  hist.record('ws_connect', conn.helloAt - conn.openedAt);
  count('ws.connected');
  if (init.idle || stopping) return;
  // The first action after a random share of a think time, so users who connect together do not act together.
  conn.nextActionAt = performance.now() + rng.exp(init.meanThinkMs);
  schedule(conn);
}

function onPosted(conn: Conn, s: string): void {
  const now = nowUs();
  let post: { id: string; channel_id: string; root_id: string; pending_post_id: string };
  try {
    const frame = JSON.parse(s) as { data: { post: string } };
    post = JSON.parse(frame.data.post) as typeof post;
  } catch {
    logError('posted event without a readable post');
    return;
  }
  const c = channelIndex.get(post.channel_id);
  if (c !== undefined) {
    remember(recentPosts[c]!, post.id);
    if (!post.root_id) remember(recentRoots[c]!, post.id);
  }
  const pid = post.pending_post_id;
  const colon = pid.lastIndexOf(':');
  const t0 = Number(pid.slice(colon + 1));
  if (colon < 0 || !Number.isFinite(t0)) {
    count('events.posted_foreign');
    return;
  }
  const done = settled.get(pid);
  if (done) {
    if (done.track.received.has(conn)) count('duplicates');
    else {
      done.track.received.add(conn);
      if (done.track.expected?.has(conn)) count('late');
    }
    return;
  }
  let track = tracks.get(pid);
  if (!track) tracks.set(pid, (track = { t0, channel: c ?? -1, expected: null, received: new Set(), seenAt: now }));
  if (track.received.has(conn)) {
    count('duplicates');
    return;
  }
  track.received.add(conn);
  count('delivered');
  hist.record('delivery', now - t0);
  if (track.expected && !track.expected.has(conn)) count('unexpected_recipients');
}

const remember = (ring: string[], id: string) => {
  ring.push(id);
  if (ring.length > 10) ring.shift();
};

/** A post has been created: work out which of this worker's connections must receive it. */
function expect(pid: string, channel: number, t0: number): void {
  const expected = new Set<Conn>();
  for (const u of localMembers[channel] ?? []) {
    const conn = conns.get(u);
    if (conn && conn.helloAt !== 0 && conn.helloAt < t0) expected.add(conn);
  }
  let track = tracks.get(pid);
  if (!track) tracks.set(pid, (track = { t0, channel, expected, received: new Set(), seenAt: nowUs() }));
  else {
    track.expected = expected;
    for (const r of track.received) if (!expected.has(r)) count('unexpected_recipients');
  }
  count('expected', expected.size);
}

function settle(pid: string, track: Track, now: number): void {
  let missing = 0;
  for (const conn of track.expected!) if (!track.received.has(conn)) missing++;
  if (missing > 0) {
    count('lost', missing);
    if (counters.lost === missing) logError(`post ${pid}: ${missing} of ${track.expected!.size} expected recipients got nothing within 10 s`);
  }
  tracks.delete(pid);
  settled.set(pid, { track, at: now });
}

function sweep(): void {
  const now = nowUs();
  for (const [pid, track] of tracks) {
    if (track.expected && now - track.t0 > LOST_AFTER_US) settle(pid, track, now);
    else if (!track.expected && now - track.seenAt > 3 * LOST_AFTER_US) {
      // Delivered, but the sender never confirmed the post (its request failed or timed out after the commit).
      count('orphan_posts');
      tracks.delete(pid);
    }
  }
  for (const [pid, s] of settled) if (now - s.at > 2 * LOST_AFTER_US) settled.delete(pid);
}

function report(final = false): void {
  counters['loop_delay_p99_ms'] = Math.round(loopDelay.percentile(99) / 1e4) / 100;
  counters['loop_delay_max_ms'] = Math.round(loopDelay.max / 1e4) / 100;
  loopDelay.reset();
  let connected = 0;
  for (const c of conns.values()) if (c.helloAt !== 0 && !c.closed) connected++;
  counters['ws.open_now'] = connected;
  send({ t: 'stats', hist: hist.drain(), counters: { ...counters }, final });
}

function finish(): void {
  if (finished) return;
  finished = true;
  const now = nowUs();
  for (const [pid, track] of tracks) {
    if (track.expected) settle(pid, track, now);
    else count('orphan_posts');
  }
  tracks.clear();
  report(true);
}

function schedule(conn: Conn): void {
  if (stopping || conn.closed) return;
  conn.nextActionAt += rng.exp(init.meanThinkMs);
  conn.timer = setTimeout(() => {
    if (stopping || conn.closed) return;
    // Open loop: the next action is due at its own time whether or not this one has finished.
    schedule(conn);
    void act(conn);
  }, Math.max(0, conn.nextActionAt - performance.now()));
}

async function act(conn: Conn): Promise<void> {
  const action = ACTIONS[actionPicker.pick(rng)]!;
  count(`actions.${action}`);
  try {
    switch (action) {
      case 'view':
        return await view(conn);
      case 'post':
        return await post(conn);
      case 'react':
        return await react(conn);
      case 'typing':
        return await typing(conn);
      case 'unreads':
        await timed('team_unreads', () => api.request('GET', '/users/me/teams/unread', conn.token), 200);
        return;
    }
  } catch (err) {
    count(`errors.${action}`);
    count('errors.total');
    logError(`${action}: ${(err as Error).message}`);
  }
}

/** One HTTP call, timed; a status other than `ok` (or 201 where `ok` is 200) is an error. */
async function timed(name: string, call: () => Promise<{ status: number; body: string }>, ok: number): Promise<string> {
  const t0 = nowUs();
  const res = await call();
  hist.record(name, nowUs() - t0);
  count(`requests.${name}`);
  if (res.status !== ok && !(ok === 200 && res.status === 201)) {
    count(`http.${res.status}`);
    throw new Error(`${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  }
  return res.body;
}

/** Switching to a channel as the web app does: mark it viewed, then load its latest 60 posts. */
async function view(conn: Conn): Promise<void> {
  const c = chooseChannel(uc[conn.user]!, rng);
  const id = world.channels[c]!.id;
  const prev = conn.prevChannel >= 0 ? world.channels[conn.prevChannel]!.id : '';
  conn.prevChannel = c;
  await timed('view_channel', () => api.request('POST', '/channels/members/me/view', conn.token, { channel_id: id, prev_channel_id: prev }), 200);
  await timed('channel_posts', () => api.request('GET', `/channels/${id}/posts?page=0&per_page=60`, conn.token), 200);
}

async function post(conn: Conn): Promise<void> {
  const c = chooseChannel(uc[conn.user]!, rng);
  const channel = world.channels[c]!;
  const roots = recentRoots[c]!;
  const rootId = roots.length > 0 && rng.chance(init.replyShare) ? roots[roots.length - 1 - Math.min(roots.length - 1, Math.floor(rng.exp(2)))]! : '';
  let mention: string | undefined;
  if (rng.chance(init.mentionShare) && channel.members.length > 1) {
    let m = rng.pick(channel.members);
    if (m === conn.user) m = channel.members.find((x) => x !== conn.user)!;
    mention = world.users[m]!.username;
  }
  const userId = world.users[conn.user]!.id;
  const text = message(rng, mention);
  const t0 = nowUs();
  // The web app's pending id is "<user id>:<timestamp>"; ours carries the monotonic send time in µs.
  const pid = `${userId}:${t0}`;
  const body = { channel_id: channel.id, message: text, root_id: rootId, pending_post_id: pid, user_id: userId, create_at: 0, file_ids: [], props: {}, metadata: {} };
  const res = await api.request('POST', '/posts', conn.token, body);
  hist.record('create_post', nowUs() - t0);
  count('requests.create_post');
  if (res.status !== 201) {
    count(`http.${res.status}`);
    throw new Error(`create_post: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  }
  count(rootId ? 'posts.replies' : 'posts.roots');
  if (mention) count('posts.mentions');
  send({ t: 'postSent', pid, channel: c, t0 });
}

async function react(conn: Conn): Promise<void> {
  const c = chooseChannel(uc[conn.user]!, rng);
  const posts = recentPosts[c]!;
  if (posts.length === 0) {
    count('actions.react_fallback_view');
    return view(conn);
  }
  const postId = posts[posts.length - 1 - Math.min(posts.length - 1, Math.floor(rng.exp(2)))]!;
  const userId = world.users[conn.user]!.id;
  await timed('add_reaction', () => api.request('POST', '/reactions', conn.token, { user_id: userId, post_id: postId, emoji_name: emojiName(rng), create_at: 0 }), 200);
}

/** user_typing over the WebSocket; the time is until the server's reply. */
async function typing(conn: Conn): Promise<void> {
  const ws = conn.ws;
  if (!ws || conn.closed || ws.readyState !== WebSocket.OPEN) return;
  const c = chooseChannel(uc[conn.user]!, rng);
  const seq = conn.actionSeq++;
  const t0 = nowUs();
  const ok = await new Promise<boolean>((resolve) => {
    conn.replies.set(seq, resolve);
    ws.send(JSON.stringify({ action: 'user_typing', seq, data: { channel_id: world.channels[c]!.id, parent_id: '' } }));
  });
  hist.record('typing', nowUs() - t0);
  count('requests.typing');
  if (!ok && !conn.closed) throw new Error('user_typing: FAIL reply');
}
