/**
 * `npm run export -- --kind federal|regional [--filter '{"areas":["LANGUAGE"]}'] [--out file]`
 * Writes the columns the import reads (plus read-only `_` columns), so a file can be exported,
 * edited and imported again. The file format and options: docs/IMPORT-EXPORT.md.
 */
import { DEFAULT_URL, HubClient } from './bulk/client';
import { connection, EXIT, parseClientArgs, processIo, runMain } from './bulk/cli';
import { runExport } from './bulk/exporter';
import { kindSpec, UsageError } from './bulk/kinds';
import { formatOf } from './bulk/read-file';

export const EXPORT_USAGE = `Usage: npm run export -- --kind federal|regional
  [--filter JSON]          an OfferFilter, e.g. '{"areas":["LANGUAGE"],"status":["ACTIVE"]}'
  [--owners BMAS,BMI]      federal: only these owning Ressorts
  [--ars 09]               regional: only measures of this Land or Kommune (and, for a Land, its Kommunen)
  [--format csv|json]      default: by --out's extension, else csv
  [--out FILE]             default: stdout
  [--url URL]              default: $HUB_URL or ${DEFAULT_URL}
  [--token TOKEN]          default: $HUB_TOKEN; without one, drafts and internal fields are not exported
  [--quiet]                no progress bar and no messages
Exit codes: 0 done, 2 usage, 3 hub error. See docs/IMPORT-EXPORT.md.
`;

function parseFilter(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`--filter is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--filter must be a JSON object (an OfferFilter)');
  }
  return value as Record<string, unknown>;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseClientArgs(argv, {
    kind: { type: 'string' },
    filter: { type: 'string' },
    owners: { type: 'string' },
    ars: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(EXPORT_USAGE);
    return EXIT.OK;
  }
  const spec = kindSpec(values.kind);
  const owners = (values.owners ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (owners.length > 0 && spec.kind !== 'federal') throw new UsageError('--owners applies to --kind federal only');
  if (values.ars !== undefined && spec.kind !== 'regional') {
    throw new UsageError('--ars applies to --kind regional only (federal measures are available everywhere)');
  }
  if (values.ars !== undefined && !/^(\d{2}|\d{5}|\d{12})$/.test(values.ars)) {
    throw new UsageError('--ars takes a 2-digit Land, 5-digit Kreis or 12-digit key');
  }
  let format;
  try {
    format = formatOf(values.out ?? '', values.format);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { url, token } = connection(values, process.env, DEFAULT_URL);
  return runExport(
    {
      spec,
      filter: parseFilter(values.filter),
      owners,
      ars: values.ars,
      format,
      out: values.out,
      quiet: values.quiet,
    },
    new HubClient({ url, token }),
    processIo,
  );
}

if (require.main === module) runMain(() => main(process.argv.slice(2)), EXPORT_USAGE);
