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
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
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
