/**
 * The processes the benchmark measures, each of its own: the five subgraph hosts (with their SQL
 * counters) and the gateways in front of them — ours in each configuration, and Hive Gateway on
 * the same supergraph. Every process started here is stopped by stopAll, also on Ctrl-C.
 */
import path from 'node:path';
import { readRegistry, REPO_ROOT, routingUrlEnvName, SUPERGRAPH_PATH } from '../../schema/registry';
import { startHiveGateway, supergraphWithUrls } from './hive';
import { freePort, spawnTs, type Child } from './processes';
import { TARGET_LABELS, type TargetName } from './results';

export const BENCH_DIR = path.join(REPO_ROOT, '.bench');
const running = new Set<Child>();

export async function stopChild(child: Child): Promise<void> {
  await child.stop();
  running.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}
export async function postJson<T>(url: string, body: unknown = undefined): Promise<{ status: number; json: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/** Polls `{ __typename }` until the gateway answers it. */
async function waitForGraphql(url: string, child: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited:\n${child.output()}`);
    try {
      const { status } = await postJson(url, { query: '{ __typename }' });
      if (status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer at ${url}:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
export interface Host {
  name: string;
  graphqlUrl: string;
  controlUrl: string;
  child: Child;
}

export async function startHosts(databaseUrl: string): Promise<Host[]> {
  const hosts = await Promise.all(
    readRegistry().map(async (entry) => {
      const child = spawnTs(`subgraph ${entry.name}`, 'scripts/bench/subgraph-host.ts', {
        BENCH_SUBGRAPH: entry.name,
        DATABASE_URL: databaseUrl,
        PORT: String(await freePort()),
        BENCH_CONTROL_PORT: String(await freePort()),
        NODE_ENV: 'production',
        // Hive Gateway and the floor call the subgraphs directly, without the hub gateway's
        // credential: all three targets meet the same subgraphs, which check no credential here.
        SUBGRAPH_ACCEPT_DIRECT_CALLS: 'on',
      });
      running.add(child);
      const [, graphqlUrl, controlUrl] = await child.waitFor(/bench-host \S+: (\S+) control (\S+)/);
      return { name: entry.name, graphqlUrl: graphqlUrl as string, controlUrl: controlUrl as string, child };
    }),
  );
  return hosts;
}

export async function resetSql(hosts: Host[]): Promise<void> {
  await Promise.all(hosts.map((h) => postJson(`${h.controlUrl}/sql/reset`)));
}

export async function readSql(hosts: Host[]): Promise<number> {
  const totals = await Promise.all(
    hosts.map(async (h) => ((await (await fetch(`${h.controlUrl}/sql`)).json()) as { total: number }).total),
  );
  return totals.reduce((a, b) => a + b, 0);
}

export interface Gateway {
  target: TargetName;
  graphqlUrl: string;
  child: Child;
}

export async function startOurGateway(
  target: TargetName,
  hosts: Host[],
  databaseUrl: string,
  env: Record<string, string>,
): Promise<Gateway> {
  const port = await freePort();
  const urls = Object.fromEntries(hosts.map((h) => [routingUrlEnvName(h.name), h.graphqlUrl]));
  const child = spawnTs(TARGET_LABELS[target], 'gateway/main.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    RESPONSE_CACHE: 'off',
    SUBGRAPH_DEDUP: 'on',
    GATEWAY_WORKERS: '1',
    // A wide answer at the largest size may take longer than the default 5 s under load.
    SUBGRAPH_TIMEOUT_MS: '60000',
    ...urls,
    ...env,
  });
  running.add(child);
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(graphqlUrl, child);
  return { target, graphqlUrl, child };
}

export async function startHive(hosts: Host[]): Promise<Gateway> {
  const port = await freePort();
  const urls = Object.fromEntries(hosts.map((h) => [h.name, h.graphqlUrl]));
  const file = supergraphWithUrls(SUPERGRAPH_PATH, urls, path.join(BENCH_DIR, 'hive-supergraph.graphql'));
  const child = startHiveGateway(file, port);
  running.add(child);
  const graphqlUrl = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(graphqlUrl, child);
  return { target: 'hive', graphqlUrl, child };
}
