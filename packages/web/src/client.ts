import { Client4, WebSocketClient } from '@mattermost/client';

/**
 * The one API client. Every call to the server goes through it (no hand-written API layer): the session is the
 * MMAUTHTOKEN cookie the server sets at login, and Client4 adds the CSRF header from the MMCSRF cookie.
 */
export const client = new Client4();
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

/** The WebSocket, authenticated by the same cookie; it reconnects and resumes by itself. */
export const socket = new WebSocketClient();

export function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/api/v4/websocket`;
}

/** A human-readable message from a Client4 error (its AppError message) or anything else thrown. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return String(err);
}

export function errorStatus(err: unknown): number | undefined {
  return err && typeof err === 'object' && 'status_code' in err ? Number((err as { status_code: unknown }).status_code) : undefined;
}
