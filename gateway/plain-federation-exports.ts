/**
 * Loaded before anything else of Apollo's: makes @apollo/federation-internals' exports plain
 * properties.
 *
 * Why: the package's index re-exports its modules through TypeScript's `__exportStar`, which
 * defines every export as a getter, so each `federation_internals_1.assert(…)`,
 * `isListType(…)` or `typenameFieldName` in the gateway's executor — several per field of every
 * answer it shapes — calls a function first. Profiling the headline query under load put those
 * getters at about a tenth of the gateway's CPU time.
 *
 * How: the cached module's exports are replaced by a plain object with the same values, before
 * @apollo/gateway, @apollo/query-planner and @apollo/composition require it. That is safe because
 * the package exports no mutable bindings (no `export let`): once its index has loaded, every
 * getter returns the same value for good. tests/unit/plain-federation-exports.test.ts checks that
 * both objects hold the same values.
 */
const id = require.resolve('@apollo/federation-internals');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(id) as Record<string, unknown>;
const entry = require.cache[id];

/** The snapshot the gateway's modules get; the getter-backed original is kept for the test. */
export const plainExports: Record<string, unknown> = {};
for (const key of Object.getOwnPropertyNames(original)) plainExports[key] = original[key];
if (entry) entry.exports = plainExports;

export const originalExports = original;
