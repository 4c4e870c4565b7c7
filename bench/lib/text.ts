import { Rng, Weighted, zipfWeights } from './rand.ts';

// Words in rough order of frequency in workplace chat; sampled with Zipf weights so "the" is everywhere and
// "kubernetes" is rare, as in a real team's history (which is what makes search selectivity realistic).
const WORDS = (
  'the to i a and is it you that of in for on this we be have can do not with will just so are but if what at ' +
  'me my was there know get think ok yes no one all about now like out up would from an they how its thanks ' +
  'or go should time need see your our going them here good then let did when also sure could today some more ' +
  'any make back him check still want new look us right because way work yeah something please team only got ' +
  'meeting morning tomorrow week issue problem fix release build deploy test tests branch merge review code ' +
  'change changes server client user users data file files update version error errors log logs config ' +
  'question answer help thing things people call later soon before after done working looks great thank nice ' +
  'agree idea plan maybe probably already around into over well much many first last next other same different ' +
  'again long little small big sorry lunch coffee office home remote friday monday tuesday wednesday thursday ' +
  'customer ticket support sales design product feature bug bugs crash slow fast performance memory cpu disk ' +
  'network database query index cache queue worker job jobs service services api endpoint request response ' +
  'timeout retry latency metrics dashboard alert alerts incident outage rollback hotfix patch pipeline staging ' +
  'production prod dev environment cluster node pod container image docker kubernetes helm terraform ansible ' +
  'postgres sqlite redis nginx proxy certificate dns domain login password account permission permissions ' +
  'channel channels message messages thread reply post posts mention notification notifications search ' +
  'document docs draft spec proposal roadmap quarter budget invoice contract legal hiring interview candidate ' +
  'onboarding vacation holiday sick doctor birthday party cake pizza train flight hotel travel conference talk ' +
  'slides demo video recording screenshot link figma jira github gitlab pull request commit tag changelog ' +
  'migration schema backup restore upgrade downgrade benchmark profile flame graph regression flaky green red ' +
  'blocked unblocked priority urgent asap eod eta estimate sprint standup retro planning grooming backlog ' +
  'refactor cleanup typo lint format typescript javascript rust golang python java kotlin swift android ios ' +
  'browser chrome firefox safari mobile desktop laptop monitor keyboard headset wifi vpn printer badge parking'
).split(' ');

const WORD_WEIGHTS = new Weighted(zipfWeights(WORDS.length, 1.05));

const HOSTS = ['git.example.com', 'docs.example.com', 'ci.example.org', 'grafana.internal.example.net', 'wiki.example.com'];
const NAMES = ['anna', 'bjorn', 'chen', 'dara', 'emil', 'fatima', 'gustav', 'hiro', 'ingrid', 'jonas', 'kari', 'lars'];
const EMOJI = ['+1', 'smile', 'tada', 'heart', 'eyes', 'white_check_mark', 'thinking_face', 'rocket', 'pray', 'joy', '100', 'fire'];

export const word = (rng: Rng) => WORDS[WORD_WEIGHTS.pick(rng)]!;
export const emojiName = (rng: Rng) => rng.pick(EMOJI);

/** Tokens that a naive full-text tokenizer splits or drops: URLs, e-mail addresses, dashed and dotted names. */
function specialToken(rng: Rng): string {
  switch (rng.int(5)) {
    case 0:
      return `https://${rng.pick(HOSTS)}/${word(rng)}/${word(rng)}/pull/${1000 + rng.int(9000)}`;
    case 1:
      return `${rng.pick(NAMES)}.${rng.pick(NAMES)}@example.com`;
    case 2:
      return `${word(rng)}-${word(rng)}-v${1 + rng.int(9)}.${rng.int(20)}`;
    case 3:
      return `ERR_${word(rng).toUpperCase()}_${100 + rng.int(900)}`;
    default:
      return `${word(rng)}.${rng.pick(['json', 'ts', 'yaml', 'go', 'sql', 'md'])}`;
  }
}

/**
 * A chat message of realistic length: log-normal word count (median 8 words, ≈ 45 characters; a long tail of
 * paragraphs), occasionally a URL, address or code block. `mention` is put in when given.
 */
export function message(rng: Rng, mention?: string): string {
  const n = Math.max(1, Math.min(2500, Math.round(rng.logNormal(8, 0.9))));
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(rng.chance(0.015) ? specialToken(rng) : word(rng));
  if (mention) parts.splice(rng.int(Math.min(parts.length, 3) + 1), 0, `@${mention}`);
  let text = parts.join(' ');
  text = text[0]!.toUpperCase() + text.slice(1) + rng.pick(['', '', '.', '.', '?', '!', ' :)']);
  if (rng.chance(0.02)) text += `\n\`\`\`\n${word(rng)}(${word(rng)}, ${word(rng)})\n\`\`\``;
  return text.slice(0, 16383);
}

export type SearchQuery = { kind: string; terms: string };

/** A search as people type them: common and rare words, two words, a prefix, a phrase, from:, in:, odd tokens. */
export function searchQuery(rng: Rng, ctx: { username: () => string; channelName: () => string }): SearchQuery {
  const common = () => WORDS[40 + rng.int(60)]!;
  const rare = () => WORDS[250 + rng.int(WORDS.length - 250)]!;
  switch (rng.int(8)) {
    case 0:
      return { kind: 'common', terms: common() };
    case 1:
      return { kind: 'rare', terms: rare() };
    case 2:
      return { kind: 'two_words', terms: `${common()} ${rare()}` };
    case 3:
      return { kind: 'prefix', terms: `${rare().slice(0, 4)}*` };
    case 4:
      return { kind: 'phrase', terms: `"${word(rng)} ${word(rng)}"` };
    case 5:
      return { kind: 'from', terms: `from:${ctx.username()} ${common()}` };
    case 6:
      return { kind: 'in', terms: `in:${ctx.channelName()} ${rare()}` };
    default:
      return { kind: 'special', terms: specialToken(rng).split('/').slice(0, 3).join('/') };
  }
}
