import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/defaults.ts';

type Bucket = { tokens: number; at: number };

/**
 * RateLimitSettings as Mattermost applies them: a token bucket of PerSec with MaxBurst, keyed by remote address,
 * user and/or a header, holding at most MemoryStoreSize keys (the least recently used go first).
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly settings: () => Config['RateLimitSettings']) {}

  /** Returns false (and answers 429) when the caller is over the limit. */
  check(req: FastifyRequest, reply: FastifyReply, userId: string | undefined): boolean {
    const s = this.settings();
    if (!s.Enable) return true;
    const parts: string[] = [];
    if (s.VaryByRemoteAddr) parts.push(req.ip);
    if (s.VaryByUser && userId) parts.push(userId);
    if (s.VaryByHeader) parts.push(String(req.headers[s.VaryByHeader.toLowerCase()] ?? ''));
    const key = parts.join('|');
    const now = Date.now();
    const capacity = s.MaxBurst + 1;
    let bucket = this.buckets.get(key);
    if (bucket) this.buckets.delete(key);
    else bucket = { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * s.PerSec);
    bucket.at = now;
    this.buckets.set(key, bucket);
    while (this.buckets.size > s.MemoryStoreSize) this.buckets.delete(this.buckets.keys().next().value as string);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    reply.header('X-RateLimit-Limit', String(s.PerSec));
    reply.header('X-RateLimit-Remaining', String(Math.max(0, Math.floor(bucket.tokens))));
    reply.header('X-RateLimit-Reset', String(Math.ceil((1 - (bucket.tokens % 1)) / s.PerSec)));
    return allowed;
  }
}
