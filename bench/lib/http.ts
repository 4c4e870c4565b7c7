import { Pool } from 'undici';

export type ApiResponse = { status: number; body: string };

/**
 * A minimal JSON client over keep-alive HTTP/1.1, as a browser tab talks to the server: Authorization Bearer token,
 * X-Requested-With as the web app sends it. No retries: a failure is a failure.
 *
 * Built on undici (the HTTP client behind Node's fetch) rather than node:http, whose client costs twice the CPU per
 * request and, reading each response into fresh buffers, made the generator run a full garbage collection every few
 * hundred requests: against a server answering a fixed 29 KB body, node:http's own p99 / p99.9 were 1.0–1.4 / 7.4–7.9
 * ms, undici's 0.22–0.25 / 1.2–1.5 ms. That time was counted as the server's.
 */
export class Api {
  private readonly pool: Pool;

  constructor(baseUrl: string, maxSockets = 256) {
    this.pool = new Pool(baseUrl, { connections: maxSockets, pipelining: 1 });
  }

  request(method: string, path: string, token: string | undefined, body?: unknown, timeoutMs = 30_000): Promise<ApiResponse> {
    return this.send(method, path, token, body, timeoutMs, true) as Promise<ApiResponse>;
  }

  /**
   * request() for a caller that needs only the status: the whole response is still read (the request ends with its
   * last byte) but not kept or decoded — the generator's own garbage collection would otherwise pause it mid-request
   * and show in the latency measured.
   */
  requestStatus(method: string, path: string, token: string | undefined): Promise<{ status: number; bytes: number }> {
    return this.send(method, path, token, undefined, 30_000, false) as Promise<{ status: number; bytes: number }>;
  }

  private async send(method: string, path: string, token: string | undefined, body: unknown, timeoutMs: number, keep: boolean): Promise<ApiResponse | { status: number; bytes: number }> {
    const headers: Record<string, string> = { 'x-requested-with': 'XMLHttpRequest', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.pool.request({ method: method as 'GET', path: `/api/v4${path}`, headers, body: payload, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    if (keep) return { status: res.statusCode, body: await res.body.text() };
    let bytes = 0;
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    return { status: res.statusCode, bytes };
  }

  close(): void {
    void this.pool.destroy();
  }
}
