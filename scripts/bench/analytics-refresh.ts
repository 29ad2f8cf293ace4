/**
 * Filling the analytics index through our gateway before the wide query can run: minutes at
 * 500 000 regional measures, so its progress is printed and a stalled refresh ends the benchmark.
 */
import { BenchError } from './load';
import { log } from './log';
import { postJson, type Gateway, type Host } from './services';

/** Starts the analytics index refresh through `gateway` and waits for it, printing progress. */
async function refreshAnalytics(analytics: Host, gateway: Gateway): Promise<number> {
  const started = performance.now();
  const syncUrl = `${analytics.controlUrl}/analytics/sync`;
  await postJson(`${syncUrl}?gateway=${encodeURIComponent(gateway.graphqlUrl)}`);
  let outcome: { ok?: boolean; items?: number; error?: string } | undefined;
  let unanswered = 0;
  for (let polls = 1; !outcome; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    let state: { running: boolean; outcome?: typeof outcome };
    try {
      state = (await (await fetch(syncUrl)).json()) as typeof state;
      unanswered = 0;
    } catch (error) {
      // At 500 000 measures the refresh holds gigabytes, and a full collection can stop its process
      // for seconds; its server then drops the poll's idle keep-alive connection. Only a process that
      // has exited, or one silent for a minute, ends the benchmark.
      unanswered += 1;
      if (analytics.child.process.exitCode !== null || unanswered * 0.5 > 60) {
        throw new BenchError(
          `the analytics subgraph stopped answering during the refresh (${String(error)}; ${String((error as Error).cause)}):\n${analytics.child.output()}`,
        );
      }
      continue;
    }
    if (!state.running) outcome = state.outcome ?? { ok: false, error: 'no refresh ran' };
    else if (polls % 40 === 0) log(`  analytics index refresh through our gateway: ${polls / 2} s…`);
  }
  if (!outcome.ok) throw new BenchError(`analytics index refresh failed: ${JSON.stringify(outcome)}`);
  return (performance.now() - started) / 1000;
}

/**
 * Refreshes the analytics index through `gateway` and checks it holds every regional measure of
 * the catalogue; returns the seconds the refresh took.
 */
export async function fillAnalyticsIndex(analytics: Host, gateway: Gateway, regional: number): Promise<number> {
  const analyticsSyncSeconds = await refreshAnalytics(analytics, gateway);
  const status = await postJson<{
    data?: { analyticsStatus: { syncedAt: string; counts: { kind: string; count: number }[] } };
  }>(gateway.graphqlUrl, { query: '{ analyticsStatus { syncedAt counts { kind count } } }' });
  const counts = status.json.data?.analyticsStatus.counts ?? [];
  const indexed = counts.find((c) => c.kind === 'REGIONAL_MEASURE')?.count ?? 0;
  if (indexed < regional)
    throw new BenchError(`the analytics index holds ${indexed} regional measures, expected ≥ ${regional}`);
  log(
    `Analytics index filled through our gateway in ${analyticsSyncSeconds.toFixed(1)} s: ` +
      counts.map((c) => `${c.kind} ${c.count}`).join(', '),
  );
  return analyticsSyncSeconds;
}
