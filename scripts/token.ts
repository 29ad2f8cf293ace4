/**
 * `npm run -s token -- --role editor --ressort BMAS` prints a signed token for local use.
 *   --role editor|analyst|admin|operator|internal (repeatable)   --ressort BMAS   --ars 09 | 09564
 *   --institute IAB   --format format:dik (repeatable)   --name "…"   --sub id   --expires 8h
 * `--role operator` is for the ops endpoints (/stats, /metrics). Every token carries an expiry;
 * the hub refuses one valid for longer than JWT_MAX_LIFETIME_SECONDS (default 24 h) from now.
 * It signs with JWT_SECRET, or with this machine's secret in .data/jwt-secret that `npm start` uses.
 */
import { parseArgs } from 'node:util';
import { readOrCreateDevSecret } from '../subgraphs/shared/platform/auth/dev-secret';
import { mintToken, type TokenClaims } from '../subgraphs/shared/platform/auth/mint-token';
import { authConfigFromEnv } from '../subgraphs/shared/platform/auth/token-verifier';
import { ROLES, type Role } from '../subgraphs/shared/platform/auth/viewer';

export function claimsFromArgs(argv: string[]): { claims: TokenClaims; expires: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      ressort: { type: 'string' },
      ars: { type: 'string' },
      institute: { type: 'string' },
      format: { type: 'string', multiple: true },
      name: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const roles = values.role ?? [];
  if (roles.length === 0) throw new Error(`--role is required (${ROLES.join(', ')})`);
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`--role ${role}: use ${ROLES.join(', ')}`);
  }
  if (values.ars && !/^\d{2}(\d{3})?$/.test(values.ars))
    throw new Error('--ars takes a 2-digit Land or 5-digit Kreis key');
  const scope = values.ressort ?? values.ars ?? values.institute ?? values.format?.join(',') ?? 'all';
  const claims: TokenClaims = {
    sub: values.sub ?? `local:${roles.join('+')}:${scope}`,
    roles: roles as Role[],
    ...(values.name ? { name: values.name } : {}),
    ...(values.ressort ? { ressort: values.ressort } : {}),
    ...(values.ars ? { ars: values.ars } : {}),
    ...(values.institute ? { institute: values.institute } : {}),
    ...(values.format ? { formats: values.format } : {}),
  };
  return { claims, expires: values.expires ?? '8h' };
}

async function main(): Promise<void> {
  const { claims, expires } = claimsFromArgs(process.argv.slice(2));
  const config = authConfigFromEnv();
  const secret = config.secret ?? (config.jwksUrl ? undefined : readOrCreateDevSecret());
  process.stdout.write(`${await mintToken({ ...config, secret }, claims, expires)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
