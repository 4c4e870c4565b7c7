import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { Session } from '../app/sessions.ts';
import { AppError, invalidParam, unauthorized } from '../app/errors.ts';
import { isValidId } from '../app/ids.ts';
import { contentEtag } from '../app/etag.ts';
import type { Page } from '../store/store.ts';

/** Who may call a route: a signed-in session (default), anyone, or anyone with the session used when present. */
export type Access = 'session' | 'none' | 'optional';

export type Route = {
  method: HTTPMethods;
  url: string;
  handler: (c: Call) => unknown;
  access?: Access;
  /** HTTP status on success (Mattermost returns 201 for creations). */
  status?: number;
};

/** Shorthand for a route table line: method, path, handler, access, status. */
export const route = (method: HTTPMethods, url: string, handler: (c: Call) => unknown, access: Access = 'session', status = 200): Route => ({
  method,
  url,
  handler,
  access,
  status,
});

/** One API call: the parsed request, the session, and helpers that turn bad input into AppErrors. */
export class Call {
  constructor(
    readonly app: AppContext,
    readonly req: FastifyRequest,
    readonly reply: FastifyReply,
    private readonly maybeSession: Session | null,
  ) {}

  /** The session; routes with access 'session' always have one. */
  get session(): Session {
    if (!this.maybeSession) throw unauthorized('api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    return this.maybeSession;
  }

  get optionalSession(): Session | null {
    return this.maybeSession;
  }

  get body(): unknown {
    return this.req.body;
  }

  /** The request body as an object, or 400. */
  object(name = 'body'): Record<string, unknown> {
    const b = this.req.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b)) {
      throw new AppError('api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body.`, 400);
    }
    return b as Record<string, unknown>;
  }

  /** The request body as an array of strings, or 400. */
  stringArray(name: string, max = 1000): string[] {
    const b = this.req.body;
    if (!Array.isArray(b) || !b.every((x) => typeof x === 'string')) {
      throw new AppError('api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body: expected a list of strings.`, 400);
    }
    if (b.length > max) throw new AppError('api.context.invalid_body_param.app_error', `Too many ${name}: at most ${max}.`, 400);
    return b as string[];
  }

  /** A path parameter that must be an id; "me" stands for the caller where Mattermost allows it. */
  id(name: string): string {
    const raw = (this.req.params as Record<string, string>)[name];
    if (raw === 'me' && name === 'user_id' && this.maybeSession && !this.maybeSession.local) return this.maybeSession.user_id;
    if (!isValidId(raw)) throw invalidParam(name);
    return raw;
  }

  param(name: string): string {
    const raw = (this.req.params as Record<string, string>)[name];
    if (typeof raw !== 'string' || raw === '') throw invalidParam(name);
    return raw;
  }

  query(name: string): string | undefined {
    const v = (this.req.query as Record<string, unknown>)[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  bool(name: string): boolean {
    return this.query(name) === 'true';
  }

  int(name: string, fallback: number): number {
    const raw = this.query(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw invalidParam(name);
    return n;
  }

  /**
   * Mattermost's HandleEtag: sends `etag` as ETag and, when If-None-Match already names it, answers 304 Not Modified
   * with no body and returns true (the handler then returns without building the response).
   */
  notModified(etag: string): boolean {
    this.reply.header('ETag', etag);
    const header = this.req.headers['if-none-match'];
    if (header === undefined) return false;
    // Mattermost compares the header as sent; browsers and proxies may also quote it, list several or mark it weak.
    const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
    if (!tags.includes(etag) && !tags.includes('*')) return false;
    void this.reply.code(304).send();
    return true;
  }

  /** Answers with JSON already serialised (a cached response). */
  json<T extends string | Buffer>(body: T): T {
    void this.reply.type('application/json');
    return body;
  }

  /** page from 0, per_page default 60, silently capped at 200, as Mattermost does. */
  page(): Page {
    return { page: this.int('page', 0), perPage: Math.min(this.int('per_page', 60) || 60, 200) };
  }
}

export function mount(app: FastifyInstance, ctx: AppContext, routes: Route[]): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      config: { access: r.access ?? 'session' },
      handler: async (req, reply) => {
        const access = r.access ?? 'session';
        if (access === 'session' && req.authError) throw req.authError;
        const call = new Call(ctx, req, reply, req.session);
        if (access === 'session') void call.session;
        reply.code(r.status ?? 200);
        const result = await r.handler(call);
        if (reply.sent) return reply;
        if (result === undefined) return { status: 'OK' };
        return result;
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    authError: AppError | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** An ETag for a response built in full anyway (a thread, a user): a digest of its JSON, tied to this version. */
export function jsonEtag(value: unknown): string {
  return contentEtag(JSON.stringify(value));
}

