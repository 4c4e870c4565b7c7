import http from 'node:http';

export type ApiResponse = { status: number; body: string };

/**
 * A minimal JSON client over keep-alive HTTP/1.1 (node:http), as a browser tab talks to the server: Authorization
 * Bearer token, X-Requested-With as the web app sends it. No retries: a failure is a failure.
 */
export class Api {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 256) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
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

  private send(method: string, path: string, token: string | undefined, body: unknown, timeoutMs: number, keep: boolean): Promise<ApiResponse | { status: number; bytes: number }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(payload);
      }
      const req = http.request({ host: this.host, port: this.port, method, path: `/api/v4${path}`, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        res.on('end', () => resolve(keep ? { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') } : { status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
