import { Pool } from 'undici';
import { InFlightDedup } from './dedup';

/** One HTTP answer of a subgraph, read to the end: small enough to share between waiters. */
export interface SubgraphAnswer {
  status: number;
  contentType: string | undefined;
  cacheControl: string | undefined;
  text: string;
}

export interface SubgraphCall {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Mutations are never shared with another caller. */
  shareable: boolean;
}

export interface SubgraphFetchStats {
  /** HTTP calls sent to the subgraph. */
  sent: number;
  /** Fetches answered by a call another request had already sent. */
  shared: number;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The HTTP side of one subgraph: a keep-alive pool of bounded size (undici's dispatcher API, which
 * writes a string body in one go and hands back the raw bytes — no WHATWG Request, Headers or
 * stream objects per call), a hard deadline on every call covering headers and body, and — when
 * `dedup` is on — one HTTP call for identical queries in flight at the same moment (dedup.ts):
 * same body (query and variables) and same Authorization, the only header that changes the answer.
 */
export class SubgraphHttpPool {
  private sent = 0;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly inFlight = new InFlightDedup<SubgraphAnswer>();

  constructor(
    url: string,
    maxSockets: number,
    private readonly dedup: boolean,
  ) {
    const parsed = new URL(url);
    this.pool = new Pool(parsed.origin, { connections: maxSockets, keepAliveTimeout: 60_000 });
    this.path = `${parsed.pathname}${parsed.search}`;
  }

  /** Resolves with the whole answer, or rejects (timeout, refused connection, reset). */
  send(call: SubgraphCall): Promise<SubgraphAnswer> {
    if (!this.dedup || !call.shareable) return this.post(call);
    const key = `${call.headers['authorization'] ?? ''}\n${call.body}`;
    return this.inFlight.run(key, () => this.post(call));
  }

  get stats(): SubgraphFetchStats {
    return { sent: this.sent, shared: this.inFlight.shared };
  }

  private async post(call: SubgraphCall): Promise<SubgraphAnswer> {
    this.sent += 1;
    // One signal for the whole exchange: a subgraph that sends headers and then stalls is cut too.
    const signal = AbortSignal.timeout(call.timeoutMs);
    const response = await this.pool.request({
      path: this.path,
      method: 'POST',
      headers: call.headers,
      body: call.body,
      signal,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      contentType: headerValue(response.headers['content-type']),
      cacheControl: headerValue(response.headers['cache-control']),
      text,
    };
  }

  /**
   * GET a path at the subgraph's origin (its /health) with a short deadline, on the same pool as
   * the calls: true when it answers 2xx.
   */
  async probe(path: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<boolean> {
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await this.pool.request({ path, method: 'GET', headers, signal });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode <= 299;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
