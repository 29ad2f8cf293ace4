/**
 * `npm run check:subgraph -- <url | sdl-file> [--name land-by] [--land 09] [--json]`
 * Checks a candidate subgraph against the registry before it goes live: composition, the rules
 * for Land subgraphs, and breaking changes for existing clients. Exit code 0 passed, 1 failed,
 * 2 usage or unreachable candidate.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCandidate } from './candidate';
import { readRegistry, REGISTRY_PATH, SUPERGRAPH_PATH } from './registry';
import { checkCandidate, formatReport } from './checks/check-candidate';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      land: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
      registry: { type: 'string', default: REGISTRY_PATH },
      supergraph: { type: 'string', default: SUPERGRAPH_PATH },
    },
  });
  const [source] = positionals;
  if (!source) {
    console.error('Usage: npm run check:subgraph -- <url | sdl-file> [--name NAME] [--land ARS] [--json]');
    return 2;
  }
  const registry = readRegistry(values.registry);
  const candidate = await loadCandidate({ source, name: values.name, land: values.land, url: values.url }, registry);
  const report = checkCandidate(candidate, registry, readFileSync(values.supergraph ?? SUPERGRAPH_PATH, 'utf8'));
  if (values.json) {
    const { supergraphSdl: _sdl, ...rest } = report;
    process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
  } else process.stdout.write(formatReport(report));
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
