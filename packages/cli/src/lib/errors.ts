import mattermost from '@mattermost/client';

const { ClientError } = mattermost;

/** An error whose message is meant for the user as it is: printed after "Error: ", exit code 1. */
export class CliError extends Error {}

type ApiError = Error & { server_error_id?: string; status_code?: number; url?: string; detailed_error?: string };

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ClientError;
}

/** The HTTP status of an API error, read from the AppError body as Client4 does. */
export const statusOf = (err: unknown): number | undefined => (isApiError(err) ? err.status_code : undefined);

/** True when the server has no such route at all (Mattermost's generic 404), as opposed to a missing object. */
export const isMissingRoute = (err: unknown): boolean => isApiError(err) && err.server_error_id === 'api.context.404.app_error';

/**
 * Turns anything thrown into one line for stderr: the server's AppError message as it is, a network failure as what
 * went wrong and where, a missing route as "this server does not support it".
 */
export function describeError(err: unknown, target: string | undefined): string {
  if (err instanceof CliError) return err.message;
  if (isApiError(err)) {
    if (isMissingRoute(err)) {
      const path = err.url ? new URL(err.url, 'http://x').pathname : 'that route';
      return `the server at ${target ?? 'the given address'} does not support this command (no API route ${path})`;
    }
    if (!err.server_error_id && !err.message) {
      return `${target ?? 'the server'} did not answer as a Prat or Mattermost server (no API error in the response${err.url ? ` from ${err.url}` : ''})`;
    }
    return err.message || `the server refused the request (${err.server_error_id})`;
  }
  const network = describeNetworkError(err, target);
  if (network) return network;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Node's fetch throws TypeError("fetch failed") with the socket error as its cause. */
function describeNetworkError(err: unknown, target: string | undefined): string | undefined {
  if (!(err instanceof TypeError)) return undefined;
  const cause = (err as { cause?: NodeJS.ErrnoException & { hostname?: string } }).cause;
  const where = target ?? 'the server';
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `cannot reach ${where}: connection refused (is the server running, and is the address right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot reach ${where}: unknown host ${cause.hostname ?? ''}`.trimEnd();
    case 'ENOENT':
      return `cannot reach ${where}: no such socket (is ServiceSettings.EnableLocalMode on, and the server running?)`;
    case 'EACCES':
      return `cannot reach ${where}: permission denied`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `cannot reach ${where}: connection timed out`;
    case 'ECONNRESET':
      return `the connection to ${where} was reset`;
    default:
      if (err.message === 'fetch failed') return `cannot reach ${where}: ${cause?.message ?? 'the request failed'}`;
      if (/Invalid URL|Failed to parse URL/i.test(err.message)) return `${where} is not a valid URL`;
      return undefined;
  }
}
