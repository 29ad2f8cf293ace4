/**
 * `npm run import -- --kind federal|regional --file measures.csv|measures.json [--dry-run]`
 * Checks the file locally and on the hub (dry run), then writes all rows in one transaction — or
 * nothing. The file format, exit codes and tokens: docs/IMPORT-EXPORT.md.
 */
import { DEFAULT_URL, HubClient } from './bulk/client';
import { connection, EXIT, parseClientArgs, processIo, runMain } from './bulk/cli';
import { DEFAULT_CHUNK_SIZE, runImport } from './bulk/importer';
import { kindSpec, UsageError } from './bulk/kinds';
import { formatOf } from './bulk/read-file';

export const IMPORT_USAGE = `Usage: npm run import -- --kind federal|regional --file measures.csv|measures.json
  [--dry-run]              check everything, write nothing
  [--format csv|json]      default: by the file's extension (.json is JSON, anything else CSV)
  [--url URL]              default: $HUB_URL or ${DEFAULT_URL}
  [--token TOKEN]          default: $HUB_TOKEN (npm run -s token -- --role editor --ressort BMAS)
  [--report FILE]          on problems, also write every one of them to FILE (CSV)
  [--quiet]                no progress bar and no progress messages
  [--chunk-size N]         rows per dry-run request (default ${DEFAULT_CHUNK_SIZE})
Exit codes: 0 done, 1 problems in the file (nothing written), 2 usage, 3 hub error. See docs/IMPORT-EXPORT.md.
`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseClientArgs(argv, {
    kind: { type: 'string' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    report: { type: 'string' },
    'chunk-size': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(IMPORT_USAGE);
    return EXIT.OK;
  }
  const spec = kindSpec(values.kind);
  if (!values.file) throw new UsageError('--file is required');
  let format;
  try {
    format = formatOf(values.file, values.format);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const chunkSize = Number(values['chunk-size'] ?? DEFAULT_CHUNK_SIZE);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new UsageError('--chunk-size must be a whole number ≥ 1');
  const { url, token } = connection(values, process.env, DEFAULT_URL);
  if (!token) {
    throw new UsageError(
      'A token is needed to import: pass --token or set HUB_TOKEN (npm run -s token -- --role editor --ressort BMAS)',
    );
  }
  return runImport(
    {
      spec,
      file: values.file,
      format,
      dryRun: values['dry-run'],
      quiet: values.quiet,
      chunkSize,
      report: values.report,
    },
    new HubClient({ url, token }),
    processIo,
  );
}

if (require.main === module) runMain(() => main(process.argv.slice(2)), IMPORT_USAGE);
