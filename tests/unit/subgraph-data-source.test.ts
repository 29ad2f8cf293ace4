import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../../gateway/context';
import { SubgraphDataSource } from '../../gateway/subgraph-calls';

/** A stand-in subgraph whose next answer the test decides; it records what it was sent. */
class ScriptedSubgraph {
  received: { headers: IncomingHttpHeaders; body: string }[] = [];
  answer: (response: ServerResponse) => void = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"data":{"ok":true}}');
  };
  private readonly server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body });
      this.answer(response);
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql?via=test`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let subgraph: ScriptedSubgraph;
let source: SubgraphDataSource;

beforeEach(async () => {
  subgraph = new ScriptedSubgraph();
  const url = await subgraph.listen();
  source = new SubgraphDataSource({ name: 'scripted', url, timeoutMs: 300, writeTimeoutMs: 900, maxSockets: 4 });
});

afterEach(async () => {
  await source.close();
  await subgraph.close();
});

interface Policy {
  hints: unknown[];
  restrict(hint: unknown): void;
}

function call(query: string, context: Partial<GatewayContext> = {}, policy?: Policy) {
  // An operation of a client request, as the gateway's executor sends it (the request kind enum is
  // in the typings but not exported by the package).
  return source.process({
    kind: 'incoming operation',
    request: { query, variables: { id: 'x' }, operationName: 'Op' },
    context,
    incomingRequestContext: { overallCachePolicy: policy },
    pathInIncomingRequest: ['targetGroup'],
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
}

describe('the gateway’s calls to a subgraph', () => {
  it('POST query, variables and operation name as JSON to the subgraph’s path, with the request id and token', async () => {
    const answer = await call('query Op { ok }', { requestId: 'req-7', authorization: 'Bearer t' });
    expect(answer).toEqual({ data: { ok: true } });
    const [sent] = subgraph.received;
    expect(JSON.parse(sent?.body ?? '')).toEqual({
      query: 'query Op { ok }',
      variables: { id: 'x' },
      operationName: 'Op',
    });
    expect(sent?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': 'req-7',
      authorization: 'Bearer t',
    });
  });

  it('pass the subgraph’s GraphQL errors on as its answer', async () => {
    subgraph.answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
      response.end('{"data":null,"errors":[{"message":"no such place","extensions":{"code":"NOT_FOUND"}}]}');
    };
    const answer = await call('query Op { ok }');
    expect(answer.errors?.[0]).toMatchObject({ message: 'no such place', extensions: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['an HTTP 502', (r: ServerResponse) => r.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')],
    ['HTML', (r: ServerResponse) => r.writeHead(200, { 'content-type': 'text/html' }).end('<h1>login</h1>')],
    ['a JSON array', (r: ServerResponse) => r.writeHead(200, { 'content-type': 'application/json' }).end('[1]')],
    ['broken JSON', (r: ServerResponse) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"da')],
  ])('turn %s into SUBGRAPH_UNAVAILABLE at the path of the gap, without the address', async (_what, answer) => {
    subgraph.answer = answer;
    const failure = await call('query Op { ok }').catch((error: unknown) => error);
    expect(failure).toMatchObject({
      message: 'Subgraph "scripted" is unavailable; its fields are missing from this answer',
      path: ['targetGroup'],
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'scripted' },
    });
    expect(JSON.stringify(failure)).not.toContain('127.0.0.1');
  });

  it('give up on a read after the read timeout and on a mutation after the write timeout', async () => {
    subgraph.answer = () => undefined; // never answers
    const started = performance.now();
    await expect(call('query Op { ok }')).rejects.toThrow('Subgraph "scripted" did not answer within 300 ms');
    await expect(call('mutation Op { ok }')).rejects.toThrow('Subgraph "scripted" did not answer within 900 ms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(1100);
  });

  it('let the subgraph’s Cache-Control narrow the client answer’s cache policy', async () => {
    subgraph.answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, private' });
      response.end('{"data":{"ok":true}}');
    };
    const hints: unknown[] = [];
    await call('query Op { ok }', {}, { hints, restrict: (hint) => hints.push(hint) });
    expect(hints).toEqual([{ maxAge: 30, scope: 'PRIVATE' }]);
  });
});
