/**
 * `npm run register -- <url | sdl-file> --land 09 --owner "…" --contact "…" [--name land-by] [--url …]`
 *   checks the subgraph, keeps a snapshot of its SDL in schema/land-subgraphs/, adds it to the
 *   registry and recomposes schema/supergraph.graphql — which a running gateway then loads.
 * `npm run unregister -- land-by` removes it again and recomposes.
 * A failing check registers nothing (exit 1). `--allow-breaking` accepts breaking changes that
 * were agreed with the graph's clients; composition errors and rule violations are never accepted.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCandidate, relativeToRepo } from './candidate';
import { composeSupergraph } from './compose';
import {
  readRegistryFile,
  REGISTRY_PATH,
  schemaPath,
  SNAPSHOT_DIR,
  PUBLIC_SCHEMA_PATH,
  SUPERGRAPH_PATH,
  writeFileAtomically,
  writeRegistry,
  type RegistryEntry,
} from './registry';
import { checkCandidate, formatReport, type CheckReport } from './checks/check-candidate';
import { publicSchemaSdl } from './public-schema';

export interface RegistryFiles {
  registry: string;
  supergraph: string;
  snapshots: string;
  /** The public contract written with the supergraph (left out: not written). */
  publicSchema?: string;
}

export const DEFAULT_FILES: RegistryFiles = {
  registry: REGISTRY_PATH,
  supergraph: SUPERGRAPH_PATH,
  snapshots: SNAPSHOT_DIR,
  publicSchema: PUBLIC_SCHEMA_PATH,
};

/** Writes the recomposed supergraph, and the public contract that follows from it. */
function writeSupergraph(files: RegistryFiles, supergraphSdl: string): void {
  writeFileAtomically(files.supergraph, supergraphSdl);
  if (files.publicSchema) writeFileAtomically(files.publicSchema, publicSchemaSdl(supergraphSdl));
}

export interface RegisterArgs {
  source: string;
  name?: string | undefined;
  land?: string | undefined;
  url?: string | undefined;
  /** The gateway's private key, to fetch a running subgraph's SDL (default: GATEWAY_SIGNING_KEY). */
  signingKey?: string | undefined;
  owner: string;
  contact: string;
  allowBreaking?: boolean;
}

export async function register(args: RegisterArgs, files: RegistryFiles = DEFAULT_FILES): Promise<CheckReport> {
  const registry = readRegistryFile(files.registry);
  const candidate = await loadCandidate(args, registry.subgraphs);
  const report = checkCandidate(candidate, registry.subgraphs, readFileSync(files.supergraph, 'utf8'));
  const acceptable =
    report.compositionErrors.length === 0 &&
    report.policyViolations.length === 0 &&
    (report.breakingChanges.length === 0 || args.allowBreaking === true);
  if (!acceptable || !report.supergraphSdl) return report;

  const existing = registry.subgraphs.find((e) => e.name === candidate.name);
  let schemaFile = existing ? schemaPath(existing) : path.join(files.snapshots, `${candidate.name}.graphql`);
  if (candidate.kind === 'land') {
    // A Land's subgraph lives elsewhere; the hub keeps the SDL it checked, so compose can repeat it.
    schemaFile = path.join(files.snapshots, `${candidate.name}.graphql`);
    mkdirSync(files.snapshots, { recursive: true });
    writeFileAtomically(schemaFile, candidate.sdl.endsWith('\n') ? candidate.sdl : `${candidate.sdl}\n`);
  }
  const entry: RegistryEntry = {
    ...existing,
    name: candidate.name,
    routingUrl: candidate.url,
    schemaFile: relativeToRepo(schemaFile),
    owner: args.owner || existing?.owner || '',
    contact: args.contact || existing?.contact || '',
    kind: candidate.kind,
    ...(candidate.land ? { land: candidate.land } : {}),
  };
  registry.subgraphs = existing
    ? registry.subgraphs.map((e) => (e.name === entry.name ? entry : e))
    : [...registry.subgraphs, entry];
  writeRegistry(registry, files.registry);
  writeSupergraph(files, report.supergraphSdl);
  return { ...report, ok: true };
}

export function unregister(name: string, files: RegistryFiles = DEFAULT_FILES): void {
  const registry = readRegistryFile(files.registry);
  const entry = registry.subgraphs.find((e) => e.name === name);
  if (!entry) throw new Error(`No subgraph "${name}" is registered`);
  if ((entry.kind ?? 'hub') === 'hub') throw new Error(`"${name}" is one of the hub's own subgraphs and stays`);
  registry.subgraphs = registry.subgraphs.filter((e) => e.name !== name);
  const supergraph = composeSupergraph(registry.subgraphs);
  writeRegistry(registry, files.registry);
  writeSupergraph(files, supergraph);
  if (path.resolve(path.dirname(schemaPath(entry))) === path.resolve(files.snapshots))
    rmSync(schemaPath(entry), { force: true });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      land: { type: 'string' },
      url: { type: 'string' },
      owner: { type: 'string', default: '' },
      contact: { type: 'string', default: '' },
      'allow-breaking': { type: 'boolean', default: false },
      unregister: { type: 'boolean', default: false },
    },
  });
  const [source] = positionals;
  if (!source) {
    console.error(
      'Usage: npm run register -- <url | sdl-file> --land ARS --owner "…" --contact "…"  |  npm run unregister -- NAME',
    );
    return 2;
  }
  if (values.unregister) {
    unregister(source);
    console.log(`Unregistered ${source}; schema/supergraph.graphql recomposed.`);
    return 0;
  }
  const report = await register({
    source,
    name: values.name,
    land: values.land,
    url: values.url,
    owner: values.owner ?? '',
    contact: values.contact ?? '',
    allowBreaking: values['allow-breaking'] ?? false,
  });
  process.stdout.write(formatReport(report));
  if (!report.ok) {
    console.error('Nothing was registered.');
    return 1;
  }
  console.log(`Registered ${report.subgraph}; schema/supergraph.graphql recomposed. A running gateway loads it now.`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
