/**
 * `npm start`: the whole hub on this machine, one process per service (scripts/launcher):
 * PostgreSQL (embedded, data in .data/postgres, unless DATABASE_URL is set), every subgraph and
 * the gateway, each restarted when it crashes. Ctrl-C stops everything.
 */
import { readFileSync } from 'node:fs';
import { watchParent } from '../subgraphs/shared/platform/parent-watch';
import { onShutdown } from '../subgraphs/shared/platform/shutdown';
import { startLauncher } from './launcher/launcher';

/**
 * `npm start` runs this file through the tsx command, which runs it in a second node process: if
 * that wrapper is killed, this launcher is orphaned and stops the hub rather than run on unseen.
 */
function startedByTsxWrapper(): boolean {
  try {
    return readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').includes('tsx');
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  if (startedByTsxWrapper()) watchParent({ force: true });
  const hub = await startLauncher();
  // Installed once everything is up: a Ctrl-C during the start ends the launcher, and its
  // services follow it (they watch it, shared/platform/parent-watch.ts).
  onShutdown(() => hub.stop());
  const base = hub.gatewayUrl.replace(/\/graphql$/, '');
  console.log(`\nIntegration hub ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  for (const [name, url] of hub.subgraphUrls) console.log(`  subgraph ${name.padEnd(9)} ${url}`);
  console.log(`  gateway            ${hub.gatewayUrl}`);
  console.log(`  explorer           ${base}/explorer   dashboard: ${base}/dashboard`);
  console.log(`  health             ${base}/health   ready: ${base}/ready`);
  const pids = [...hub.pids()].map(([name, pid]) => `${name} ${pid ?? '-'}`);
  console.log(`  processes          launcher ${process.pid}, ${pids.join(', ')}\n`);
  console.log('  token for editing  npm run token -- --role editor --ressort BMAS   (see README, "Editing")');
  console.log('  token for /stats   npm run token -- --role operator   (/stats and /metrics)\n');
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
