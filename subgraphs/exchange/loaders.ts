import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { historyForEntities, type HistoryRow } from '../shared/editing/history';
import { LoaderFamily } from '../shared/loading/loader-family';
import type { Page } from '../shared/loading/paging';
import type { ExchangeFormatFilter } from './format-filter';
import { createFormatRepository, formatDraftVisibility, type ExchangeFormatRow } from './format-repository';

export interface FormatListArgs {
  filter: ExchangeFormatFilter;
  page: Page;
}

/**
 * Created once per request for one caller: every reference resolver and list relation goes
 * through these, and every one of them applies the caller's draft visibility.
 */
export function createExchangeLoaders(db: DataSource, viewer: Viewer) {
  const formats = createFormatRepository(db, formatDraftVisibility(viewer));
  return {
    formats,
    format: new DataLoader<string, ExchangeFormatRow | null>((ids) => formats.byIds(ids)),
    formatsByTargetGroup: new LoaderFamily<FormatListArgs, string, ExchangeFormatRow[]>((a, codes) =>
      formats.byTargetGroups(codes, a.filter, a.page),
    ),
    formatsByRessort: new LoaderFamily<Page, string, ExchangeFormatRow[]>((page, codes) =>
      formats.byRessorts(codes, page),
    ),
    history: new LoaderFamily<Page, string, HistoryRow[]>((page, ids) =>
      historyForEntities(db, 'exchange.history', ids, page),
    ),
  };
}

export type ExchangeLoaders = ReturnType<typeof createExchangeLoaders>;
