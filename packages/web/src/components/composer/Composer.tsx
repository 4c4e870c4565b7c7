import { useState, type KeyboardEvent } from 'react';
import { useAppState } from '../../store/state.ts';
import { sendPost } from '../../actions/posts.ts';
import { sendTyping } from '../../actions/websocket.ts';
import { useT } from '../../i18n/index.ts';
import { useChannelName } from '../sidebar/Sidebar.tsx';

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ channelId, rootId = '' }: { channelId: string; rootId?: string }) {
  const t = useT();
  const channel = useAppState((s) => s.channels[channelId]);
  const name = useChannelName(channel!);
  const [text, setText] = useState('');

  const send = () => {
    const message = text.trim();
    if (!message) return;
    setText('');
    void sendPost(channelId, message, { rootId });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  return (
    <div className="composer">
      <textarea
        className="composer-input"
        aria-label={t('composer.placeholder', { channel: name })}
        placeholder={t('composer.placeholder', { channel: name })}
        rows={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          sendTyping(channelId, rootId);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="btn btn-primary composer-send" onClick={send} disabled={!text.trim()}>
        {t('composer.send')}
      </button>
    </div>
  );
}
