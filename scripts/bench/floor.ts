/**
 * The floor: the same data straight from the subgraphs, with no gateway in between.
 *
 * 1. Capture. An Apollo gateway in this process, on the same supergraph artifact, runs the query
 *    once against the running subgraphs. Its query plan (experimental_didResolveQueryPlan) and
 *    the exact body of every subgraph call (a recording fetcher) are kept.
 * 2. Replay. The plan's Sequence and Parallel nodes are kept, each Fetch node replaced by its
 *    recorded body: entity fetches carry the very representations the gateway built. N clients
 *    (the same connection count as autocannon's) run the plan back to back for the same time,
 *    each subgraph call over keep-alive connections; one plan run is one "request". Identical calls
 *    in flight at once are sent once and shared, as both gateways do.
 *
 * What the floor leaves out is exactly a gateway's own work: parsing and validating the client's
 * query, planning, building representations, merging and serialising the answer, and the extra
 * HTTP hop. No gateway can answer faster than its subgraphs answer these calls.
 *
 * Capturing is here; the replay is in floor-replay.ts.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import { fetch as undiciFetch } from 'undici';
import { BenchError } from './load';

export type FloorStep =
  | { kind: 'fetch'; service: string; url: string; body: string }
  | { kind: 'sequence'; steps: FloorStep[] }
  | { kind: 'parallel'; steps: FloorStep[] };

interface Recorded {
  service: string;
  url: string;
  body: string;
  query: string;
}

interface PlanNodeShape {
  kind?: string;
  nodes?: PlanNodeShape[];
  node?: PlanNodeShape;
  serviceName?: string;
  operation?: string;
}

/** Turns the gateway's plan into replayable steps; Fetch nodes the gateway skipped drop out. */
export function planToSteps(node: PlanNodeShape | undefined, recorded: Recorded[]): FloorStep | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel': {
      const steps = (node.nodes ?? []).map((n) => planToSteps(n, recorded)).filter((s) => s !== undefined);
      if (steps.length === 0) return undefined;
      if (steps.length === 1) return steps[0];
      return node.kind === 'Sequence' ? { kind: 'sequence', steps } : { kind: 'parallel', steps };
    }
    case 'Flatten':
      return planToSteps(node.node, recorded);
    case 'Fetch': {
      const index = recorded.findIndex((r) => r.service === node.serviceName && r.query === node.operation);
      if (index === -1) return undefined;
      const [call] = recorded.splice(index, 1);
      return call ? { kind: 'fetch', service: call.service, url: call.url, body: call.body } : undefined;
    }
    default:
      throw new BenchError(`The floor cannot replay a query plan node of kind ${node.kind}`);
  }
}

/** "federal → (laender ‖ research)": the plan's shape, for the report. */
export function describeSteps(step: FloorStep | undefined): string {
  if (!step) return '(no subgraph call)';
  if (step.kind === 'fetch') return step.service;
  const parts = step.steps.map((s) => (s.kind === 'fetch' ? describeSteps(s) : `(${describeSteps(s)})`));
  return parts.join(step.kind === 'sequence' ? ' → ' : ' ‖ ');
}

export function countFetches(step: FloorStep | undefined): number {
  if (!step) return 0;
  return step.kind === 'fetch' ? 1 : step.steps.reduce((sum, s) => sum + countFetches(s), 0);
}

/** Runs the query once through an in-process Apollo gateway and keeps its plan and its calls. */
export async function captureFloor(
  supergraphPath: string,
  subgraphUrls: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<FloorStep> {
  const recorded: Recorded[] = [];
  let plan: { node?: PlanNodeShape } | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new BenchError(`no URL for subgraph ${name}`);
      const fetcher: Fetcher = async (input, init) => {
        const body = typeof init?.body === 'string' ? init.body : '';
        const parsed = JSON.parse(body || '{}') as { query?: string };
        recorded.push({ service: name, url: target, body, query: parsed.query ?? '' });
        return undiciFetch(input, init);
      };
      return new RemoteGraphQLDataSource({ url: target, fetcher });
    },
    experimental_didResolveQueryPlan: ({ queryPlan }) => {
      plan = queryPlan;
    },
  });
  const server = new ApolloServer({ gateway });
  await server.start();
  try {
    const response = await server.executeOperation({ query, variables });
    const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
    if (!single || single.errors?.length) {
      throw new BenchError(`capturing the floor: the query failed: ${JSON.stringify(single?.errors ?? response.body)}`);
    }
  } finally {
    await server.stop();
  }
  const calls = recorded.length;
  const steps = planToSteps(plan?.node, recorded);
  if (!steps || recorded.length > 0) {
    throw new BenchError(
      `capturing the floor: ${recorded.length} of ${calls} subgraph calls do not match a node of the query plan`,
    );
  }
  return steps;
}
