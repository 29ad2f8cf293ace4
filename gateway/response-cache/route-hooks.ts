import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperationTypeNode } from 'graphql';
import type { OperationFacts } from '../operation-facts';
import { planCaching, type CachePlan } from './cache-key';
import type { ResponseCache } from './store';

/** hit, miss or bypass on every /graphql answer while the cache is on (counted by the metrics). */
export const CACHE_HEADER = 'x-hub-cache';

/** The headers of an answer that describe its body; a hit repeats them. */
const REPLAYED_HEADERS = ['content-type', 'cache-control'];

/** A request that went on to Apollo: its plan, and the cache's generation then (see store.ts). */
export interface CacheTicket {
  plan: CachePlan;
  generation: number;
}

/**
 * The response cache on the /graphql route (gateway/graphql-route.ts). Public reads are answered
 * from the cache before Apollo sees them (no parsing, no planning, no subgraph call): `lookup`
 * runs in the preHandler hook, right after Fastify has parsed the JSON body. `afterAnswer` runs
 * in the onSend hook and stores a public query's error-free answer.
 */
export class ResponseCacheHooks {
  constructor(private readonly cache: ResponseCache) {}

  /** A stored answer (its status and headers already on the reply), or the plan to go on with. */
  lookup(request: FastifyRequest, reply: FastifyReply): { plan: CachePlan; hit?: Buffer } {
    const plan: CachePlan = this.cache.available ? planCaching(request) : { cacheable: false, reason: 'no-cache' };
    if (!plan.cacheable) {
      this.cache.countBypass();
      return { plan };
    }
    const hit = this.cache.lookup(plan.key);
    if (!hit) return { plan };
    void reply.code(200).headers(hit.headers).header(CACHE_HEADER, 'hit');
    return { plan, hit: hit.body };
  }

  /** Notes the generation the answer will belong to, as the request goes on to Apollo. */
  ticket(plan: CachePlan): CacheTicket {
    return { plan, generation: this.cache.generation };
  }

  /** A mutation's answer: never stored (the mutation has emptied the cache already). */
  bypassed(reply: FastifyReply): void {
    void reply.header(CACHE_HEADER, 'bypass');
  }

  /** Apollo's answer to anything but a mutation: stored when it is a public, error-free query. */
  afterAnswer(ticket: CacheTicket, facts: OperationFacts, reply: FastifyReply, payload: unknown): void {
    const { plan } = ticket;
    if (!plan.cacheable) {
      void reply.header(CACHE_HEADER, 'bypass');
      return;
    }
    void reply.header(CACHE_HEADER, 'miss');
    if (reply.statusCode !== 200 || facts.operation !== OperationTypeNode.QUERY || facts.errors !== false) return;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    this.cache.store(plan.key, { body: Buffer.from(payload), headers }, ticket.generation);
  }
}
