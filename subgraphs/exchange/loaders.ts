import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/platform/auth/viewer';
import { byIdLoader, historyLoader } from '../shared/loading/catalogue-loaders';
import { LoaderFamily } from '../shared/loading/loader-family';
import { createFormatRepository, formatDraftVisibility } from './format-repository';

/**
 * Created once per request for one caller: every reference resolver and list relation goes
 * through these, and every one of them applies the caller's draft visibility.
 */
export function createExchangeLoaders(db: DataSource, viewer: Viewer) {
  const formats = createFormatRepository(db, formatDraftVisibility(viewer));
  return {
    formats,
    format: byIdLoader(formats),
    formatsByTargetGroup: new LoaderFamily(formats.byTargetGroups),
    formatsByRessort: new LoaderFamily(formats.byRessorts),
    history: historyLoader(db, 'exchange.history'),
  };
}

export type ExchangeLoaders = ReturnType<typeof createExchangeLoaders>;
