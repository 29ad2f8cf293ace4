import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { LoaderFamily } from '../shared/loader-family';
import type { Page } from '../shared/paging';
import { ressortsByCodes, targetGroupsByCodes, type RessortRow, type TargetGroupRow } from './catalogue-repository';
import {
  listMeasures,
  measuresByBlocks,
  measuresByIds,
  measuresByOwners,
  measuresByTargetGroups,
  type FederalMeasureFilter,
  type FederalMeasureRow,
} from './measure-repository';

export interface ListArgs {
  filter: FederalMeasureFilter;
  page: Page;
}

/** Created once per request: every reference resolver and list relation goes through these. */
export function createFederalLoaders(db: DataSource) {
  return {
    targetGroup: new DataLoader<string, TargetGroupRow | null>((codes) => targetGroupsByCodes(db, codes)),
    ressort: new DataLoader<string, RessortRow | null>((codes) => ressortsByCodes(db, codes)),
    measure: new DataLoader<string, FederalMeasureRow | null>((ids) => measuresByIds(db, ids)),
    measuresByTargetGroup: new LoaderFamily<ListArgs, string, FederalMeasureRow[]>((a, codes) =>
      measuresByTargetGroups(db, codes, a.filter, a.page),
    ),
    measuresByOwner: new LoaderFamily<ListArgs, string, FederalMeasureRow[]>((a, owners) =>
      measuresByOwners(db, owners, a.filter, a.page),
    ),
    measuresByBlock: new LoaderFamily<Page, string, FederalMeasureRow[]>((page, blocks) =>
      measuresByBlocks(db, blocks, page),
    ),
    /** Place.federalOffers is the same list for every place: one query per argument set. */
    nationwideOffers: new LoaderFamily<ListArgs, 'all', FederalMeasureRow[]>(async (a, keys) => {
      const { items } = await listMeasures(db, a.filter, a.page);
      return keys.map(() => items);
    }),
  };
}

export type FederalLoaders = ReturnType<typeof createFederalLoaders>;
