import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperationTypeNode } from 'graphql';
import { wholeNumberFromEnv } from '../../subgraphs/shared/platform/env-number';
import type { OperationFacts } from '../operation-facts';

export interface HttpCachingConfig {
  /**
   * How long browsers and CDNs may keep an anonymous GET answer (HTTP_CACHE_MAX_AGE_SECONDS, 60);
   * never more than RESPONSE_CACHE_MAX_AGE_SECONDS when that bounds the response cache. 0: off,
   * every answer carries Apollo's `no-store` as before.
   */
  maxAgeSeconds: number;
}

export function httpCachingFromEnv(env: NodeJS.ProcessEnv = process.env): HttpCachingConfig {
  return { maxAgeSeconds: wholeNumberFromEnv(env, 'HTTP_CACHE_MAX_AGE_SECONDS', 60, 0) };
}

/** The HTTP max-age: the configured one, bounded by the response cache's max age (0: unbounded). */
export function httpMaxAge(config: HttpCachingConfig, responseCacheMaxAgeSeconds: number): number {
  return responseCacheMaxAgeSeconds > 0
    ? Math.min(config.maxAgeSeconds, responseCacheMaxAgeSeconds)
    : config.maxAgeSeconds;
}

/**
 * The request headers a /graphql answer depends on besides its URL: the token (an answer to a
 * signed-in caller is never shared) and Accept (it decides the content type, and is part of the
 * response cache's key). A CDN that keys on URL + Vary therefore never hands one caller's answer
 * to another. (@fastify/cors adds Origin where it reflects one.)
 */
export const VARY_HEADERS = ['Authorization', 'Accept'];

/** What a signed-in caller's answer carries, on every method: no cache may keep it. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** What of one /graphql answer decides how HTTP caches may treat it. */
export interface AnswerFacts {
  method: string;
  signedIn: boolean;
  status: number;
  /** Answered from the response cache: an error-free answer to a query, by construction. */
  fromCache: boolean;
  /** What Apollo learned (absent for cache hits and for requests refused before Apollo). */
  operation?: OperationFacts | undefined;
  /** The Cache-Control Apollo computed from the answer's cache policy (@cacheControl hints, subgraphs' headers). */
  apolloCacheControl?: string | undefined;
}

export type HttpCachePlan = { kind: 'public'; maxAge: number } | { kind: 'private' } | { kind: 'as-is' };

/** Apollo's cacheable form; it says `no-store` when the policy has no (or a zero) max age. */
const APOLLO_CACHEABLE = /^max-age=(\d+), (public|private)$/;

/**
 * How HTTP caches may treat one answer. Public: an anonymous GET answered 200 without errors to a
 * query, for `maxAge` seconds — the configured one, shortened (never lengthened) by the answer's
 * own cache policy when it has a positive one, and kept private when that policy's scope is
 * PRIVATE. Private: anything a token was sent with. As-is: everything else keeps Apollo's header
 * (`no-store` for errors, for POST and for mutations), and so does every answer when it is off.
 */
export function planHttpCaching(answer: AnswerFacts, maxAgeSeconds: number): HttpCachePlan {
  if (maxAgeSeconds <= 0) return { kind: 'as-is' };
  if (answer.signedIn) return { kind: 'private' };
  if (answer.method !== 'GET' || answer.status !== 200) return { kind: 'as-is' };
  const errorFreeQuery =
    answer.fromCache || (answer.operation?.operation === OperationTypeNode.QUERY && answer.operation.errors === false);
  if (!errorFreeQuery) return { kind: 'as-is' };
  const apollo = answer.apolloCacheControl?.trim();
  if (apollo === undefined || apollo === '' || apollo === 'no-store') return { kind: 'public', maxAge: maxAgeSeconds };
  const hinted = APOLLO_CACHEABLE.exec(apollo);
  if (!hinted || hinted[2] === 'private') return { kind: 'as-is' };
  const maxAge = Math.min(Number(hinted[1]), maxAgeSeconds);
  return maxAge > 0 ? { kind: 'public', maxAge } : { kind: 'as-is' };
}

/** A strong ETag: the SHA-256 of the exact body bytes. */
export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** If-None-Match against the answer's ETag: weak comparison (RFC 9110 13.1.2), `*` matches any. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Adds `names` to the answer's Vary, keeping what is there (e.g. Origin from CORS). */
export function mergeVary(existing: string | undefined, names: readonly string[]): string {
  const present = (existing ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (present.includes('*')) return '*';
  const lower = new Set(present.map((name) => name.toLowerCase()));
  return [...present, ...names.filter((name) => !lower.has(name.toLowerCase()))].join(', ');
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'number' ? String(value) : undefined;
}

/**
 * HTTP caching of /graphql answers, applied in the route's onSend hook as the answer leaves (after
 * the response cache has stored it): Cache-Control, Vary, a strong ETag on public answers, and 304
 * Not Modified with no body when If-None-Match names that ETag.
 */
export class HttpCaching {
  /** ETags of response-cache hits: their body is the same Buffer every time. */
  private readonly etags = new WeakMap<Buffer, string>();

  constructor(private readonly maxAgeSeconds: number) {}

  /** The payload to send: the answer's own, or null for a 304. */
  onSend(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    answer: { fromCache: boolean; operation?: OperationFacts | undefined },
  ): unknown {
    if (this.maxAgeSeconds <= 0) return payload;
    if (request.method === 'GET')
      void reply.header('vary', mergeVary(headerText(reply.getHeader('vary')), VARY_HEADERS));
    const plan = planHttpCaching(
      {
        method: request.method,
        signedIn: Boolean(request.headers.authorization),
        status: reply.statusCode,
        fromCache: answer.fromCache,
        operation: answer.operation,
        apolloCacheControl: headerText(reply.getHeader('cache-control')),
      },
      this.maxAgeSeconds,
    );
    if (plan.kind === 'private') void reply.header('cache-control', PRIVATE_CACHE_CONTROL);
    if (plan.kind !== 'public' || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    const etag = this.etagOf(payload);
    void reply.header('cache-control', `public, max-age=${plan.maxAge}`).header('etag', etag);
    if (!etagMatches(headerText(request.headers['if-none-match']), etag)) return payload;
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return null;
  }

  private etagOf(payload: string | Buffer): string {
    if (typeof payload === 'string') return strongEtag(payload);
    let etag = this.etags.get(payload);
    if (!etag) {
      etag = strongEtag(payload);
      this.etags.set(payload, etag);
    }
    return etag;
  }
}
