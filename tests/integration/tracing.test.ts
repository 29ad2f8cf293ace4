import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Spawned } from '../support/child-process';
import { postJson } from '../support/http';
import { spawnLaenderBehindGateway } from '../support/laender-behind-gateway';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** One span as OTLP/HTTP JSON carries it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: (Omit<ReceivedSpan, 'service' | 'scope' | 'attributes'> & { attributes?: OtlpAttribute[] })[];
    }[];
  }[];
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

function attributes(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
}

/** A minimal OTLP/HTTP receiver (JSON encoding) on 127.0.0.1: keeps every span it is sent. */
function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as OtlpExport;
        for (const resourceSpans of payload.resourceSpans ?? []) {
          const service = String(attributes(resourceSpans.resource?.attributes)['service.name']);
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const span of scopeSpans.spans ?? []) {
              spans.push({
                ...span,
                service,
                scope: scopeSpans.scope?.name ?? '',
                attributes: attributes(span.attributes),
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, spans, server });
    });
  });
}

/** The request-log line (subgraphs/shared/platform/request-log.ts) of one request id in a service's output. */
function requestLine(output: string, requestId: string): Record<string, unknown> | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry['msg'] === 'request' && entry['reqId'] === requestId) return entry;
  }
  return undefined;
}

/** Polls until `found` returns something, or fails after a generous deadline. */
async function waitFor<T>(found: () => T | undefined, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('OpenTelemetry traces', () => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const running: Spawned[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await new Promise((resolve) => receiver?.server.close(resolve));
    await database?.drop();
  });

  it('follow one query from the gateway through a subgraph down to its SQL, in one trace; both log it under one id', async () => {
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // The default level: one structured line per request.
      LOG_LEVEL: 'info',
    };
    const { laender, gateway, gatewayUrl } = await spawnLaenderBehindGateway({
      databaseUrl: database.url,
      running,
      env: otel,
      gatewayEnv: { RESPONSE_CACHE: 'off' },
    });

    const answer = await postJson(
      gatewayUrl,
      { query: 'query TracedPlace { place(ars: "09564") { name } }' },
      { 'x-request-id': 'tracing-test-1' },
    );
    expect(answer.json()).toEqual({ data: { place: { name: 'Nürnberg' } } });

    // The gateway's incoming HTTP span is the root; Apollo's gateway.request span hangs below it.
    const root = await waitFor(
      () =>
        receiver.spans.find(
          (s) =>
            s.service === 'hub-gateway' && s.kind === SPAN_KIND_SERVER && s.attributes['http.target'] === '/graphql',
        ),
      'the gateway server span',
    );
    const inTrace = () => receiver.spans.filter((s) => s.traceId === root.traceId);
    await waitFor(() => inTrace().find((s) => s.name === 'gateway.request'), "Apollo's gateway.request span");
    const call = await waitFor(
      () =>
        inTrace().find((s) => s.service === 'hub-gateway' && s.kind === SPAN_KIND_CLIENT && s.scope.includes('undici')),
      'the gateway client span of the subgraph call',
    );
    const subgraphServer = await waitFor(
      () => inTrace().find((s) => s.service === 'hub-laender' && s.kind === SPAN_KIND_SERVER),
      'the subgraph server span in the same trace',
    );
    // The traceparent the undici instrumentation put on the gateway's call.
    expect(subgraphServer.parentSpanId).toBe(call.spanId);
    const sql = await waitFor(
      () =>
        inTrace().find(
          (s) =>
            s.service === 'hub-laender' && s.scope.includes('pg') && typeof s.attributes['db.statement'] === 'string',
        ),
      'a pg span of the subgraph in the same trace',
    );
    // The statement with its placeholders, never the values bound to them.
    expect(Object.keys(sql.attributes)).not.toContain('db.postgresql.values');
    // No token or credential header in any span.
    const everything = JSON.stringify(receiver.spans);
    expect(everything).not.toContain('x-hub-gateway-credential');
    expect(everything).not.toMatch(/authorization/i);

    // One info line per request in each service, under the request id the client sent.
    const gatewayLine = await waitFor(
      () => requestLine(gateway.output(), 'tracing-test-1'),
      'the gateway request line',
    );
    expect(gatewayLine).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operation: 'TracedPlace' });
    expect(typeof gatewayLine['durationMs']).toBe('number');
    const subgraphLine = await waitFor(
      () => requestLine(laender.output(), 'tracing-test-1'),
      'the subgraph request line',
    );
    expect(subgraphLine).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    expect(String(subgraphLine['operation'])).toMatch(/^TracedPlace/);

    expect(await gateway.stop('SIGTERM')).toBe(0);
    expect(await laender.stop('SIGTERM')).toBe(0);
    // Two processes start through tsx and migrate: far longer than the default on a busy machine.
  }, 240_000);
});
