/**
 * The export: pages through the list query and writes the columns the import reads (so a file
 * can be exported, edited and imported again), plus read-only `_` columns the import skips.
 */
import { writeFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { formatCell, scalarText } from './cells';
import { HubError, typeFields, type HubClient } from './client';
import { EXIT, type Io } from './cli';
import type { ColumnSpec, OutputItem, ReadOnlyColumn } from './columns';
import { stringifyCsv } from './csv';
import { stringifyJsonArray } from './json-file';
import type { KindSpec } from './kinds';
import type { FileFormat } from './read-file';

export const PAGE_SIZE = 200;

export interface ExportOptions {
  spec: KindSpec;
  filter: Record<string, unknown>;
  /** Federal only: owning Ressorts. */
  owners: string[];
  /** Regional only: measures owned by this Land or Kommune (ARS prefix). */
  ars: string | undefined;
  format: FileFormat;
  /** File to write; stdout without it. */
  out: string | undefined;
  quiet: boolean;
}

export interface ExportColumns {
  columns: ColumnSpec[];
  readOnly: ReadOnlyColumn[];
  /** Columns this hub cannot read or import, with why. */
  skipped: string[];
}

/** The columns to export: those the hub can both read (output type) and import (input type). */
export function exportColumns(
  spec: KindSpec,
  outputFields: ReadonlySet<string>,
  inputFields: ReadonlySet<string> | null,
): ExportColumns {
  const skipped: string[] = [];
  const columns = spec.columns.filter((c) => {
    // externalId falls back to the hub id, so it is always there.
    if (c.name === 'externalId') return true;
    if (!outputFields.has(c.outputField)) skipped.push(`${c.name} (${spec.outputType} has no ${c.outputField})`);
    else if (inputFields && !inputFields.has(c.inputField)) {
      skipped.push(`${c.name} (${spec.inputType} has no ${c.inputField})`);
    } else return true;
    return false;
  });
  const readOnly = spec.readOnly.filter((r) => outputFields.has(r.outputField));
  return { columns, readOnly, skipped };
}

export function listQueryText(spec: KindSpec, columns: ExportColumns, outputFields: ReadonlySet<string>): string {
  const selections = new Set<string>(['id']);
  for (const c of columns.columns) {
    if (c.name === 'externalId') {
      if (outputFields.has('externalId')) selections.add('externalId');
    } else selections.add(c.selection);
  }
  for (const r of columns.readOnly) selections.add(r.selection);
  const items = [...selections].join('\n      ');
  return spec.kind === 'federal'
    ? `query Export($filter: OfferFilter, $owners: [ID!], $first: Int, $offset: Int) {
  page: ${spec.listQuery}(filter: $filter, owners: $owners, first: $first, offset: $offset) {
    totalCount
    items {
      ${items}
    }
  }
}`
    : `query Export($filter: OfferFilter, $first: Int, $offset: Int) {
  page: ${spec.listQuery}(filter: $filter, includeKommunen: true, first: $first, offset: $offset) {
    totalCount
    items {
      ${items}
    }
  }
}`;
}

/** One item as CSV cells, in column order. */
export function toCsvRow(item: OutputItem, columns: ExportColumns): string[] {
  return [
    ...columns.columns.map((c) => formatCell(c.type, c.read(item))),
    ...columns.readOnly.map((r) => scalarText(r.read(item))),
  ];
}

/** One item as a JSON object shaped like the GraphQL input, plus the read-only `_` fields. */
export function toJsonRow(item: OutputItem, columns: ExportColumns): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of columns.columns) {
    const value = c.read(item);
    if (c.inputField === 'successControl') {
      const part = c.name.slice('successControl.'.length);
      const sc = (row['successControl'] ?? {}) as Record<string, unknown>;
      row['successControl'] = { ...sc, [part]: value };
    } else row[c.inputField] = value;
  }
  const sc = row['successControl'] as Record<string, unknown> | undefined;
  if (sc && Object.values(sc).every((v) => v === null)) row['successControl'] = null;
  for (const r of columns.readOnly) row[r.name] = r.read(item) ?? null;
  return row;
}

/** A 12-digit ARS with a zero tail names the same place as its 5-digit (or 2-digit) head. */
function arsPrefix(ars: string): string {
  const key = ars.trim();
  if (/^\d{12}$/.test(key) && key.endsWith('0000000')) return key.slice(0, 5).replace(/000$/, '');
  return key;
}

export async function runExport(options: ExportOptions, client: HubClient, io: Io): Promise<number> {
  const { spec } = options;
  const info = (text: string) => {
    if (!options.quiet) io.stderr(text);
  };
  const outputFields = await typeFields(client, spec.outputType);
  if (!outputFields) throw new HubError(`The hub at ${client.url} has no type ${spec.outputType}.`);
  const inputFields = await typeFields(client, spec.inputType);
  if (!inputFields) info(`Note: this hub has no ${spec.inputType} yet; the file cannot be imported here.\n`);
  const columns = exportColumns(spec, outputFields, inputFields);
  if (columns.skipped.length > 0) info(`Columns left out: ${columns.skipped.join(', ')}.\n`);

  const filter = { ...options.filter, ...(options.ars ? { ars: options.ars } : {}) };
  const query = listQueryText(spec, columns, outputFields);
  const byId = new Map<string, OutputItem>();
  let bar: SingleBar | null = null;
  for (let offset = 0; ;) {
    const { data } = await client.request<{ page: { totalCount: number; items: OutputItem[] } }>(query, {
      filter,
      ...(spec.kind === 'federal' && options.owners.length > 0 ? { owners: options.owners } : {}),
      first: PAGE_SIZE,
      offset,
    });
    const { totalCount, items } = data.page;
    if (!bar && !options.quiet && io.stderrIsTTY && totalCount > PAGE_SIZE) {
      bar = new SingleBar(
        { stream: io.stderrStream, format: 'Reading {bar} {value}/{total}', hideCursor: true, clearOnComplete: true },
        Presets.shades_classic,
      );
      bar.start(totalCount, 0);
    }
    for (const item of items) byId.set(item['id'] as string, item);
    offset += items.length;
    bar?.update(Math.min(offset, totalCount));
    if (items.length === 0 || offset >= totalCount) break;
  }
  bar?.stop();

  let items = [...byId.values()];
  if (options.ars) {
    // At a Kommune the list also holds its Land's measures; export only what the place owns.
    const prefix = arsPrefix(options.ars);
    const arsColumn = columns.columns.find((c) => c.name === 'ars');
    if (arsColumn) items = items.filter((item) => scalarText(arsColumn.read(item)).startsWith(prefix));
  }

  // Internal fields come back null for who may not see them; leaving their columns out makes a
  // later import keep them, where empty cells would clear them.
  if (items.length > 0 && items.every((item) => item['contacts'] === null || item['contacts'] === undefined)) {
    const hidden = columns.columns.filter((c) => c.internal).map((c) => c.name);
    if (hidden.length > 0) {
      columns.columns = columns.columns.filter((c) => !c.internal);
      info(`Internal fields are hidden for this token; left out: ${hidden.join(', ')}.\n`);
    }
  }

  const text =
    options.format === 'json'
      ? stringifyJsonArray(items.map((item) => toJsonRow(item, columns)))
      : stringifyCsv(
          [...columns.columns.map((c) => c.name), ...columns.readOnly.map((r) => r.name)],
          items.map((item) => toCsvRow(item, columns)),
        );
  if (options.out) {
    await writeFile(options.out, text, 'utf8');
    info(`Exported ${items.length} ${spec.label} to ${options.out}.\n`);
  } else io.stdout(text);
  return EXIT.OK;
}
