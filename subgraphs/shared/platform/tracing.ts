/**
 * OpenTelemetry traces for one hub process (gateway or subgraph), configured by the standard
 * OTEL_* variables: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT (where the
 * OTLP/HTTP exporter sends), OTEL_SERVICE_NAME (default `hub-<service>`), OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_* (batching) and OTEL_SDK_DISABLED.
 *
 * Imported for its effect as the FIRST import of every entry point (gateway/main.ts,
 * subgraphs/<name>/main.ts): the http and pg instrumentations patch those modules when they are
 * required, so they must be registered before Fastify, undici or pg are loaded.
 *
 * Without an endpoint (or with OTEL_SDK_DISABLED=true) nothing is loaded or patched: the SDK
 * packages are required only when tracing is on, so a process without tracing pays nothing per
 * request. @apollo/gateway's own spans (gateway.request, gateway.plan, gateway.fetch) go through
 * @opentelemetry/api and land in the same trace once a provider is registered.
 *
 * What spans carry: method, route, status, the peer's address; for SQL the statement text with
 * its $n placeholders but never the parameter values (enhancedDatabaseReporting off); no request
 * or response headers, so no Authorization header or gateway credential.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as OtelApi from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as HttpInstrumentation from '@opentelemetry/instrumentation-http';
import type * as PgInstrumentation from '@opentelemetry/instrumentation-pg';
import type * as UndiciInstrumentation from '@opentelemetry/instrumentation-undici';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type * as SdkTraceNode from '@opentelemetry/sdk-trace-node';
import { addShutdownFlush } from './shutdown';

const nodeRequire = createRequire(__filename);

/** Incoming requests not worth a trace: probes and scrapes, several per second under orchestration. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/** Whether the environment asks for traces: an OTLP endpoint and the SDK not disabled. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  if (env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT']);
}

/** `hub-gateway`, `hub-federal`, `hub-land-by`: the folder of the entry point that started this process. */
export function defaultServiceName(entry: string | undefined = process.argv[1]): string {
  const folder = entry ? path.basename(path.dirname(entry)) : '';
  return folder && folder !== '.' ? `hub-${folder}` : 'hub';
}

interface Tracing {
  flush(): Promise<void>;
}

function startTracing(env: NodeJS.ProcessEnv): Tracing {
  const protocol = env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'];
  if (protocol && protocol !== 'http/json') {
    // Only the OTLP/HTTP JSON exporter is installed; collectors (the OpenTelemetry Collector,
    // Jaeger, Tempo) accept JSON on the same /v1/traces path as protobuf.
    console.warn(`tracing: OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported here; sending http/json`);
  }
  const api = nodeRequire('@opentelemetry/api') as typeof OtelApi;
  const { registerInstrumentations } = nodeRequire('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { HttpInstrumentation: Http } = nodeRequire(
    '@opentelemetry/instrumentation-http',
  ) as typeof HttpInstrumentation;
  const { UndiciInstrumentation: Undici } = nodeRequire(
    '@opentelemetry/instrumentation-undici',
  ) as typeof UndiciInstrumentation;
  const { PgInstrumentation: Pg } = nodeRequire('@opentelemetry/instrumentation-pg') as typeof PgInstrumentation;
  const { OTLPTraceExporter } = nodeRequire('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { BatchSpanProcessor } = nodeRequire('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  const { NodeTracerProvider } = nodeRequire('@opentelemetry/sdk-trace-node') as typeof SdkTraceNode;
  const resources = nodeRequire('@opentelemetry/resources') as typeof Resources;

  // Exporter problems (collector down) are reported once by the SDK's diag logger, not per span.
  api.diag.setLogger(new api.DiagConsoleLogger(), api.DiagLogLevel.ERROR);
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (read by envDetector) win over the default name.
  const resource = resources
    .defaultResource()
    .merge(resources.resourceFromAttributes({ 'service.name': defaultServiceName() }))
    .merge(resources.detectResources({ detectors: [resources.envDetector] }));
  // The exporter reads its URL, headers and timeout from the OTEL_EXPORTER_OTLP_* variables.
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // Sets the global provider, the AsyncLocalStorage context manager and W3C traceparent propagation.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new Http({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        // Outgoing node:http calls (JWKS fetches) only inside a traced request, not on their own.
        requireParentforOutgoingSpans: true,
      }),
      // The gateway's calls to the subgraphs (undici Pool, gateway/subgraph-calls/http-pool.ts); injects traceparent.
      new Undici(),
      // Statement text with $n placeholders only: parameter values stay out of the spans.
      new Pg({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  return { flush: () => provider.shutdown() };
}

if (tracingEnabled()) {
  const tracing = startTracing(process.env);
  // Spans still in the batch go out before the process exits on SIGINT/SIGTERM.
  addShutdownFlush(() => tracing.flush());
}
