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
