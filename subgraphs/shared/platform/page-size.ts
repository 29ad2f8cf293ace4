/**
 * How many items one list field returns: part of the public contract (`first` at most 200). It
 * lives with the platform because the gateway's cost estimate counts a list without `first` as
 * this many items, and the subgraphs page by it.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
