/**
 * GraphQL Hive Gateway, the peer we compare with. It is large (about 500 MB of packages), so it is
 * installed on demand into the git-ignored .bench/hive-gateway, outside the project's own
 * dependencies, and reused when that version is already there.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../schema/registry';
import { spawnNode, type Child } from './processes';

/** The newest release whose engines allow Node 20 (`npm view @graphql-hive/gateway engines`). */
export const HIVE_VERSION = '2.15.1';
export const HIVE_DIR = path.join(REPO_ROOT, '.bench', 'hive-gateway');
const PACKAGE_DIR = path.join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway');

function installedVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Installs Hive Gateway unless this version is there; returns the seconds the install took (0 if reused). */
export async function ensureHiveGateway(log: (line: string) => void): Promise<number> {
  if (installedVersion() === HIVE_VERSION) {
    log(`Hive Gateway ${HIVE_VERSION}: reusing ${path.relative(REPO_ROOT, HIVE_DIR)}`);
    return 0;
  }
  log(`Hive Gateway ${HIVE_VERSION}: installing into ${path.relative(REPO_ROOT, HIVE_DIR)} (once; about 500 MB)…`);
  mkdirSync(HIVE_DIR, { recursive: true });
  const manifest = path.join(HIVE_DIR, 'package.json');
  if (!existsSync(manifest)) {
    writeFileSync(manifest, `${JSON.stringify({ name: 'hive-gateway-for-benchmarks', private: true }, null, 2)}\n`);
  }
  const started = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', HIVE_DIR, '--no-audit', '--no-fund', '--loglevel=error'];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(npm, [...args, `@graphql-hive/gateway@${HIVE_VERSION}`], { cwd: HIVE_DIR, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 || installedVersion() !== HIVE_VERSION) {
    throw new Error(`npm install @graphql-hive/gateway@${HIVE_VERSION} into ${HIVE_DIR} failed (exit ${code})`);
  }
  const seconds = (performance.now() - started) / 1000;
  log(`Hive Gateway ${HIVE_VERSION}: installed in ${seconds.toFixed(0)} s`);
  return seconds;
}

/**
 * The supergraph artifact with only the subgraphs' routing URLs (join__graph url) pointed at the
 * benchmark's ports: the same schema and the same plan input as our gateway gets.
 */
export function supergraphWithUrls(supergraphPath: string, urls: Record<string, string>, out: string): string {
  const sdl = readFileSync(supergraphPath, 'utf8').replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole),
  );
  writeFileSync(out, sdl);
  return out;
}

/** `hive-gateway supergraph <file> --port …` in one process (no fork), as a child of ours. */
export function startHiveGateway(supergraphFile: string, port: number): Child {
  const bin = path.join(PACKAGE_DIR, 'dist', 'bin.js');
  return spawnNode(
    'hive-gateway',
    [bin, 'supergraph', supergraphFile, '--port', String(port), '--host', '127.0.0.1', '--fork', '1'],
    { NODE_ENV: 'production', LOG_LEVEL: 'error' },
  );
}
