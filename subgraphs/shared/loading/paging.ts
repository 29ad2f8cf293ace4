import { badUserInput } from '../platform/errors';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../platform/page-size';

export interface PageArgs {
  first?: number | null;
  offset?: number | null;
}

export interface Page {
  limit: number;
  offset: number;
}

/** Validates `first`/`offset`; a page larger than the cap is refused, never silently shortened. */
export function toPage(args: PageArgs): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  const offset = args.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw badUserInput('offset', `offset must be 0 or more, got ${offset}`);
  }
  return { limit, offset };
}

/** A stable key for DataLoader caches: same arguments, same loader. */
export function argsKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
