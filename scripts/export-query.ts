/**
 * `npm run export:query -- --query FILE_OR_TEXT [--variables JSON] [--format csv|json] [--out FILE]`
 * Runs any read query against the hub and writes its result as CSV (the first list in the result
 * as rows, the explorer's "CSV" download) or JSON. Same CSV as `npm run export`: UTF-8 with BOM,
 * `;`, CRLF.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { GraphQLError, Kind, OperationTypeNode, parse, print, separateOperations, type DocumentNode } from 'graphql';
import { savedOperation, SAVED_OPERATIONS } from '../web/operations';
import { resultJson, toCsv } from '../web/shared/csv';
import { resultTable } from '../web/shared/result-table';
import { DEFAULT_URL, HubClient } from './bulk/client';
import { connection, EXIT, processIo, parseClientArgs, runMain, type Io } from './bulk/cli';
import { UsageError } from './bulk/kinds';
import { formatOf, type FileFormat } from './bulk/read-file';

export const EXPORT_QUERY_USAGE = `Usage: npm run export:query -- --query FILE_OR_TEXT | --saved NAME
  --query FILE_OR_TEXT     a .graphql file, or the query itself, e.g. '{ laender { ars name population } }'
  --saved NAME             one of the explorer's saved operations (--list shows them)
  [--operation NAME]       which operation to run when the document has several
  [--variables JSON]       variables as a JSON object, or a .json file (override a saved operation's)
  [--format csv|json]      default: by --out's extension, else csv
  [--out FILE]             default: stdout
  [--url URL]              default: $HUB_URL or ${DEFAULT_URL}
  [--token TOKEN]          default: $HUB_TOKEN; without one, drafts and internal fields are not returned
  [--quiet]                no messages
  [--list]                 list the saved operations and exit
CSV: the first list in the result (depth-first, in field order) becomes the rows; nested objects
become dotted columns (place.name), lists of values one cell joined with |. UTF-8 with BOM, ;
as delimiter, CRLF: opens correctly in German spreadsheet programs. JSON: the whole data object.
Exit codes: 0 done, 2 usage (also a query that does not parse, or a mutation), 3 hub error (also
any GraphQL error in the answer: nothing is written then), 4 unexpected.
`;

export interface QueryExportOptions {
  /** The document to send: one operation and the fragments it uses. */
  query: string;
  variables: Record<string, unknown>;
  format: FileFormat;
  out: string | undefined;
  quiet: boolean;
}

function parseVariables(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let text = raw;
  if (!raw.trim().startsWith('{') && existsSync(raw)) text = readFileSync(raw, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--variables is not valid JSON (nor a JSON file): ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--variables must be a JSON object, e.g. \'{"ars":"09564"}\'');
  }
  return value as Record<string, unknown>;
}

function readQuery(raw: string): string {
  const looksLikeFile = /\.(graphql|gql)$/i.test(raw.trim()) || (!/[{}]/.test(raw) && existsSync(raw));
  if (!looksLikeFile) return raw;
  try {
    return readFileSync(raw.trim(), 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --query file ${raw}: ${(error as Error).message}`);
  }
}

/**
 * The one read operation to run, with the fragments it uses. Refuses mutations (this tool only
 * reads) and names the choices when the document has several operations and none is picked.
 */
export function selectOperation(source: string, operationName: string | undefined): string {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    const where = error instanceof GraphQLError && error.locations?.[0];
    throw new UsageError(
      `The query does not parse${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${(error as Error).message}`,
    );
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length === 0) throw new UsageError('The document has no operation.');
  const names = operations.map((o) => o.name?.value ?? '(anonymous)');
  const chosen = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!chosen) {
    throw new UsageError(
      operationName
        ? `The document has no operation ${operationName} (it has: ${names.join(', ')}).`
        : `The document has ${operations.length} operations (${names.join(', ')}): pick one with --operation NAME.`,
    );
  }
  if (chosen.operation !== OperationTypeNode.QUERY) {
    throw new UsageError(`${chosen.name?.value ?? 'The operation'} is a ${chosen.operation}: export:query only reads.`);
  }
  if (operations.length === 1) return source;
  const separated = separateOperations(document)[chosen.name?.value ?? ''];
  if (!separated) throw new UsageError('Cannot separate the operation from the document.');
  return print(separated);
}

export type ParsedExportQueryArgs =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'run'; options: QueryExportOptions; connection: { url: string; token: string | undefined } };

export function parseExportQueryArgs(argv: string[], env: NodeJS.ProcessEnv): ParsedExportQueryArgs {
  const { values } = parseClientArgs(argv, {
    query: { type: 'string' },
    saved: { type: 'string' },
    operation: { type: 'string' },
    variables: { type: 'string' },
    out: { type: 'string' },
    list: { type: 'boolean', default: false },
  });
  if (values.help) return { kind: 'help' };
  if (values.list) return { kind: 'list' };
  if ((values.query === undefined) === (values.saved === undefined)) {
    throw new UsageError('Give either --query (a file or the query text) or --saved NAME.');
  }
  let source: string;
  let variables: Record<string, unknown> = {};
  if (values.saved !== undefined) {
    const saved = savedOperation(values.saved);
    if (!saved) {
      throw new UsageError(
        `No saved operation ${values.saved}; there are: ${SAVED_OPERATIONS.map((o) => o.name).join(', ')}.`,
      );
    }
    source = saved.query;
    variables = { ...saved.variables };
  } else source = readQuery(values.query ?? '');
  variables = { ...variables, ...parseVariables(values.variables) };
  let format: FileFormat;
  try {
    format = formatOf(values.out ?? '', values.format);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options: QueryExportOptions = {
    query: selectOperation(source, values.operation),
    variables,
    format,
    out: values.out,
    quiet: values.quiet,
  };
  return { kind: 'run', options, connection: connection(values, env, DEFAULT_URL) };
}

/** Runs the query and writes the file (or stdout); GraphQL errors are HubErrors (exit 3). */
export async function runQueryExport(options: QueryExportOptions, client: HubClient, io: Io): Promise<number> {
  const { data } = await client.request<Record<string, unknown>>(options.query, options.variables);
  let text: string;
  let summary: string;
  if (options.format === 'json') {
    text = resultJson(data);
    summary = 'the result as JSON';
  } else {
    const table = resultTable(data);
    text = toCsv(table.header, table.rows);
    const where = table.path.length > 0 ? ` from ${table.path.join('.')}` : '';
    summary = `${table.rows.length} ${table.rows.length === 1 ? 'row' : 'rows'}${where}, ${table.header.length} columns`;
  }
  if (options.out) {
    await writeFile(options.out, text, 'utf8');
    if (!options.quiet) io.stderr(`Exported ${summary} to ${options.out}.\n`);
  } else io.stdout(text);
  return EXIT.OK;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseExportQueryArgs(argv, process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(EXPORT_QUERY_USAGE);
    return EXIT.OK;
  }
  if (parsed.kind === 'list') {
    for (const o of SAVED_OPERATIONS) process.stdout.write(`${o.name.padEnd(24)} ${o.title}\n`);
    return EXIT.OK;
  }
  return runQueryExport(parsed.options, new HubClient(parsed.connection), processIo);
}

if (require.main === module) runMain(() => main(process.argv.slice(2)), EXPORT_QUERY_USAGE);
