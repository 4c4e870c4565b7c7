import { useEffect, useState } from 'react';
import { useAppState } from '../../store/state.ts';
import { displayName } from '../../actions/users.ts';
import { useT } from '../../i18n/index.ts';

/** "Ola is typing…" under the composer, for the channel or the thread; a polite live region. */
export function TypingIndicator({ channelId, rootId }: { channelId: string; rootId: string }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  const typing = useAppState((s) => s.typing[`${channelId}:${rootId}`]);
  const ids = Object.entries(typing ?? {})
    .filter(([, until]) => until > now)
    .map(([id]) => id);
  const names = useAppState((s) => ids.map((id) => displayName(s.users[id])));
  // The store drops entries when they expire; this re-check covers a tab whose timers were throttled.
  useEffect(() => {
    if (!typing) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [typing]);
  let text = '';
  if (names.length === 1) text = t('composer.typing.one', { name: names[0] });
  else if (names.length === 2) text = t('composer.typing.two', { first: names[0], second: names[1] });
  else if (names.length > 2) text = t('composer.typing.many');
  return (
    <div className="composer-typing" aria-live="polite">
      {text}
    </div>
  );
}
