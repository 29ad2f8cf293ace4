import DataLoader from 'dataloader';
import { argsKey } from './paging';

/**
 * One DataLoader per distinct argument set within a request. A list field with arguments
 * (e.g. `federalOffers(first: 5)`) can only batch keys that share those arguments, so each
 * argument set gets its own loader and every parent asking with the same arguments shares it.
 */
export class LoaderFamily<Args, K, V> {
  private readonly loaders = new Map<string, DataLoader<K, V>>();

  constructor(private readonly batch: (args: Args, keys: readonly K[]) => Promise<V[]>) {}

  forArgs(args: Args): DataLoader<K, V> {
    const key = argsKey(args);
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => this.batch(args, keys));
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/** Puts rows into one slot per key, in key order: the DataLoader batch contract. */
export function groupByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

export function oneByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((k) => byKey.get(k) ?? null);
}
