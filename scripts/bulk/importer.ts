/**
 * The import: check the file locally, let the hub check every row with dryRun (in chunks), and
 * only when nothing is wrong send all rows in one importXxx call, which the hub writes in one
 * transaction. Any problem: a report on stderr, exit code 1, nothing written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { HubError, typeFields, type HubClient } from './client';
import { EXIT, type Io } from './cli';
import { UsageError, type KindSpec } from './kinds';
import { stringifyCsv } from './csv';
import { formatProblems, MAX_SHOWN, problemsCsvRows, type Problem } from './problems';
import { readImportText, type FileFormat, type ImportRow, type ReadResult } from './read-file';

export interface ImportOptions {
  spec: KindSpec;
  file: string;
  format: FileFormat;
  dryRun: boolean;
  quiet: boolean;
  /** Rows per dry-run request. */
  chunkSize: number;
  /** Also write every problem to this CSV file. */
  report?: string | undefined;
}

/** Files with more rows than this show a progress bar while the hub checks them (on a terminal). */
export const PROGRESS_THRESHOLD = 200;
export const DEFAULT_CHUNK_SIZE = 500;

interface ServerRowError {
  row: number;
  rule: string;
  field: string | null;
  message: string;
}

interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ServerRowError[];
}

function mutationText(spec: KindSpec): string {
  return `mutation Import($rows: [${spec.inputType}!]!, $dryRun: Boolean) {
  report: ${spec.mutation}(rows: $rows, dryRun: $dryRun) {
    dryRun rows created updated unchanged
    errors { row rule field message }
  }
}`;
}

/** The file column a server error's field belongs to (`implementers.0.ressort` → `implementers` in CSV). */
export function columnOfField(field: string | null, rule: string, format: FileFormat, spec: KindSpec): string | null {
  if (!field) {
    if (rule === 'FORBIDDEN') return spec.ownerColumn;
    if (rule === 'NOT_FOUND' || rule === 'ARCHIVED') return 'externalId';
    return null;
  }
  const path = field.replace(/^input\./, '');
  if (format === 'json' || spec.columns.some((c) => c.name === path)) return path;
  const head = path.split('.')[0] ?? path;
  return spec.columns.find((c) => c.inputField === head)?.name ?? path;
}

/** Server errors (row = 1-based position in the request) as problems on file lines. */
export function translateErrors(
  errors: readonly ServerRowError[],
  sent: readonly ImportRow[],
  format: FileFormat,
  spec: KindSpec,
): Problem[] {
  return errors.map((e) => ({
    line: sent[e.row - 1]?.line ?? 0,
    column: columnOfField(e.field, e.rule, format, spec),
    rule: e.rule,
    message: e.message,
  }));
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Columns the hub's input type does not have (e.g. an older hub) are problems of the file. */
async function checkAgainstHub(client: HubClient, spec: KindSpec, read: ReadResult): Promise<Problem[]> {
  const mutations = await typeFields(client, 'Mutation');
  if (!mutations?.has(spec.mutation)) {
    throw new HubError(`The hub at ${client.url} has no ${spec.mutation} mutation: it cannot import ${spec.label}.`);
  }
  const accepted = (await typeFields(client, spec.inputType)) ?? new Set<string>();
  const problems: Problem[] = [];
  for (const [field, at] of read.fields) {
    if (!accepted.has(field)) {
      problems.push({
        line: at.line,
        column: at.column,
        rule: 'UNKNOWN_COLUMN',
        message: `This hub's ${spec.inputType} has no field "${field}"`,
      });
    }
  }
  return problems;
}

export async function runImport(options: ImportOptions, client: HubClient, io: Io): Promise<number> {
  const { spec, format } = options;
  const info = (text: string) => {
    if (!options.quiet) io.stderr(text);
  };
  const fail = async (problems: Problem[], note: string) => {
    io.stderr(`${options.file}: ${note}\n${formatProblems(problems, MAX_SHOWN)}Nothing was written.\n`);
    if (options.report) {
      await writeFile(options.report, stringifyCsv(['line', 'column', 'rule', 'message'], problemsCsvRows(problems)));
      io.stderr(`Every problem is listed in ${options.report}.\n`);
    }
    return EXIT.PROBLEMS;
  };

  const read = readImportText(await readInput(options.file), format, spec);
  if (read.structural) return await fail(read.problems, 'the file cannot be imported as it is');
  if (read.rows.length === 0 && read.problems.length === 0) {
    io.stdout(`${options.file}: no rows; nothing to import.\n`);
    return EXIT.OK;
  }

  const hubProblems = await checkAgainstHub(client, spec, read);
  if (hubProblems.length > 0)
    return await fail([...read.problems, ...hubProblems], 'the hub does not accept these columns');

  // The hub checks every locally sound row, in chunks, with dryRun: nothing is written.
  const sound = read.rows.filter((r) => r.ok);
  const problems = [...read.problems];
  const totals = await checkOnHub(options, client, io, read, sound, problems);
  if (problems.length > 0) return await fail(problems, `${read.rows.length} rows checked`);

  if (options.dryRun) {
    io.stdout(
      `Dry run: ${sound.length} ${spec.label} checked, no problems. ${totals.created} would be created, ` +
        `${totals.updated} updated, ${totals.unchanged} stay unchanged. Nothing was written.\n`,
    );
    return EXIT.OK;
  }

  // All rows in one request: the hub writes them in one transaction, or none of them.
  info(`Writing ${sound.length} ${spec.label} in one transaction…\n`);
  const started = Date.now();
  const result = await writeAll(client, spec, sound);
  const report = result.data.report;
  if (report.errors.length > 0) {
    // Something changed on the hub since the dry run (another editor, a new measure).
    return await fail(translateErrors(report.errors, sound, format, spec), 'the hub refused the import');
  }
  info(`Request ${kilobytes(result.requestBytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  io.stdout(
    `Imported ${report.rows} ${spec.label} in one transaction: created ${report.created}, ` +
      `updated ${report.updated}, unchanged ${report.unchanged}.\n`,
  );
  return EXIT.OK;
}

/** Sends the sound rows with dryRun in chunks (with a progress bar on a terminal); adds the hub's problems. */
async function checkOnHub(
  options: ImportOptions,
  client: HubClient,
  io: Io,
  read: ReadResult,
  sound: readonly ImportRow[],
  problems: Problem[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  const { spec, format } = options;
  const totals = { created: 0, updated: 0, unchanged: 0 };
  const bar =
    !options.quiet && io.stderrIsTTY && read.rows.length > PROGRESS_THRESHOLD
      ? new SingleBar(
          {
            stream: io.stderrStream,
            format: 'Checking rows on the hub {bar} {value}/{total}',
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
      : null;
  bar?.start(sound.length, 0);
  try {
    for (let start = 0; start < sound.length; start += options.chunkSize) {
      const chunk = sound.slice(start, start + options.chunkSize);
      const { data } = await client.request<{ report: ImportReport }>(mutationText(spec), {
        rows: chunk.map((r) => r.input),
        dryRun: true,
      });
      problems.push(...translateErrors(data.report.errors, chunk, format, spec));
      totals.created += data.report.created;
      totals.updated += data.report.updated;
      totals.unchanged += data.report.unchanged;
      bar?.increment(chunk.length);
    }
  } finally {
    bar?.stop();
  }
  return totals;
}

/** The one request that writes every row; a failure says how to find out whether it went through. */
async function writeAll(
  client: HubClient,
  spec: KindSpec,
  sound: readonly ImportRow[],
): Promise<{ data: { report: ImportReport }; requestBytes: number }> {
  try {
    return await client.request<{ report: ImportReport }>(mutationText(spec), {
      rows: sound.map((r) => r.input),
      dryRun: false,
    });
  } catch (error) {
    if (error instanceof HubError && error.status !== 413 && error.code !== 'UNAUTHENTICATED') {
      throw new HubError(
        `${error.message}\nThe import request failed. If the hub was still working on it, it may have finished ` +
          'anyway: the import is all-or-nothing and idempotent, so run the same command again (or with --dry-run) ' +
          'to see where things stand.',
        error.status,
        error.code,
      );
    }
    throw error;
  }
}
