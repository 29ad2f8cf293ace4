import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { LoaderFamily } from '../shared/loader-family';
import type { Page } from '../shared/paging';
import type { ExchangeFormatFilter } from './format-filter';
import { formatsByIds, formatsByRessorts, formatsByTargetGroups, type ExchangeFormatRow } from './format-repository';

export interface FormatListArgs {
  filter: ExchangeFormatFilter;
  page: Page;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createExchangeLoaders(db: DataSource) {
  return {
    format: new DataLoader<string, ExchangeFormatRow | null>((ids) => formatsByIds(db, ids)),
    formatsByTargetGroup: new LoaderFamily<FormatListArgs, string, ExchangeFormatRow[]>((a, codes) =>
      formatsByTargetGroups(db, codes, a.filter, a.page),
    ),
    formatsByRessort: new LoaderFamily<Page, string, ExchangeFormatRow[]>((page, codes) =>
      formatsByRessorts(db, codes, page),
    ),
  };
}

export type ExchangeLoaders = ReturnType<typeof createExchangeLoaders>;
