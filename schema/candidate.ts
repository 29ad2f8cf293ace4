import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createGatewayCredentialSigner,
  gatewaySigningKeyFromEnv,
} from '../subgraphs/shared/platform/auth/gateway-credential';
import { readLocalGatewaySigningKey } from '../subgraphs/shared/platform/auth/dev-secret';
import type { Candidate } from './checks/check-candidate';
import { LAND_NAMESPACES } from './checks/land-policy';
import { REPO_ROOT, schemaPath, type RegistryEntry } from './registry';

/**
 * Asks a running subgraph for its SDL, as federation defines it (`_service { sdl }`); `headers`
 * carry the gateway credential, without which a subgraph answers nobody.
 */
export async function fetchSubgraphSdl(
  url: string,
  timeoutMs = 5000,
  headers: Record<string, string> = {},
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`Could not reach ${url}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: { _service?: { sdl?: string } } };
  const sdl = body.data?._service?.sdl;
  if (response.status === 401) {
    throw new Error(
      `${url} answers only the hub's gateway: set GATEWAY_SIGNING_KEY (the gateway's key) to ask it as the ` +
        'gateway does, run it with SUBGRAPH_ACCEPT_DIRECT_CALLS=on while developing, or give the SDL file',
    );
  }
  if (!response.ok || !sdl)
    throw new Error(`${url} did not return its SDL (_service { sdl }); is it a federation subgraph?`);
  return sdl;
}

export interface CandidateArgs {
  /** A URL of a running subgraph or the path of an SDL file. */
  source: string;
  name?: string | undefined;
  land?: string | undefined;
  /** Routing URL to record when the source is a file. */
  url?: string | undefined;
  /** The gateway's private key, to ask a running subgraph as the gateway does (default: GATEWAY_SIGNING_KEY). */
  signingKey?: string | undefined;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

/**
 * Builds the candidate from a URL or a file. A registered subgraph is recognised by its routing
 * URL, its schema file or its name, and keeps its kind and Land; a new one is a Land subgraph.
 */
export async function loadCandidate(args: CandidateArgs, registry: readonly RegistryEntry[]): Promise<Candidate> {
  const file = isUrl(args.source) ? undefined : path.resolve(args.source);
  if (file && !existsSync(file)) throw new Error(`No such file: ${args.source}`);
  const known = registry.find(
    (e) => e.name === args.name || (isUrl(args.source) ? e.routingUrl === args.source : schemaPath(e) === file),
  );
  // A Land's subgraph is named after its namespace (09 → land-by) unless told otherwise.
  const landNamespace = args.land ? LAND_NAMESPACES.get(args.land) : undefined;
  const name =
    args.name ??
    known?.name ??
    (file ? path.basename(path.dirname(file)) : landNamespace ? `land-${landNamespace}` : undefined);
  if (!name) throw new Error('Give the subgraph a name with --name (or its Land with --land)');
  const url = (isUrl(args.source) ? args.source : args.url) ?? known?.routingUrl;
  if (!url) throw new Error('Give the routing URL with --url');
  const sdl = file
    ? readFileSync(file, 'utf8')
    : await fetchSubgraphSdl(args.source, 5000, await asGateway(args, name));
  const kind = known?.kind ?? 'land';
  const land = args.land ?? known?.land;
  return { name, url, sdl, kind, ...(land ? { land } : {}) };
}

/**
 * The gateway credential for `subgraph` when a signing key is at hand (given, GATEWAY_SIGNING_KEY,
 * or the one `npm start` keeps in .data/); none otherwise.
 */
async function asGateway(args: CandidateArgs, subgraph: string): Promise<Record<string, string>> {
  const key = args.signingKey ?? gatewaySigningKeyFromEnv() ?? readLocalGatewaySigningKey();
  return key ? (await createGatewayCredentialSigner(key)).headers(subgraph) : {};
}

export function relativeToRepo(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith('..') ? file : relative;
}
