import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { isAdmin } from '../shared/platform/auth/permissions';
import { hasRole, type Viewer } from '../shared/platform/auth/viewer';
import { historyForEntities, type HistoryRow } from '../shared/editing/history';
import { LoaderFamily } from '../shared/loading/loader-family';
import { ALL_DRAFTS, NO_DRAFTS, ownDrafts, type DraftVisibility } from '../shared/catalogue/offer-sql';
import type { Page } from '../shared/loading/paging';
import { ressortsByCodes, targetGroupsByCodes, type RessortRow, type TargetGroupRow } from './catalogue-repository';
import { createMeasureRepository, type FederalMeasureFilter, type FederalMeasureRow } from './measure-repository';

export interface ListArgs {
  filter: FederalMeasureFilter;
  page: Page;
}

/** Analysts and admins see every draft, a Ressort's editors their Ressort's, others none. */
export function federalDraftVisibility(viewer: Viewer): DraftVisibility {
  if (isAdmin(viewer) || hasRole(viewer, 'analyst')) return ALL_DRAFTS;
  const ressort = viewer.ressort;
  if (hasRole(viewer, 'editor') && ressort) return ownDrafts((p) => `m.owner_code = ${p.add(ressort)}`);
  return NO_DRAFTS;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createFederalLoaders(db: DataSource, viewer: Viewer) {
  const measures = createMeasureRepository(db, federalDraftVisibility(viewer));
  return {
    measures,
    targetGroup: new DataLoader<string, TargetGroupRow | null>((codes) => targetGroupsByCodes(db, codes)),
    ressort: new DataLoader<string, RessortRow | null>((codes) => ressortsByCodes(db, codes)),
    measure: new DataLoader<string, FederalMeasureRow | null>((ids) => measures.byIds(ids)),
    measuresByTargetGroup: new LoaderFamily<ListArgs, string, FederalMeasureRow[]>((a, codes) =>
      measures.byTargetGroups(codes, a.filter, a.page),
    ),
    measuresByOwner: new LoaderFamily<ListArgs, string, FederalMeasureRow[]>((a, owners) =>
      measures.byOwners(owners, a.filter, a.page),
    ),
    measuresByBlock: new LoaderFamily<Page, string, FederalMeasureRow[]>((page, blocks) =>
      measures.byBlocks(blocks, page),
    ),
    /** Place.federalOffers is the same list for every place: one query per argument set. */
    nationwideOffers: new LoaderFamily<ListArgs, 'all', FederalMeasureRow[]>(async (a, keys) => {
      const { items } = await measures.list(a.filter, a.page);
      return keys.map(() => items);
    }),
    history: new LoaderFamily<Page, string, HistoryRow[]>((page, ids) =>
      historyForEntities(db, 'federal.history', ids, page),
    ),
  };
}

export type FederalLoaders = ReturnType<typeof createFederalLoaders>;
