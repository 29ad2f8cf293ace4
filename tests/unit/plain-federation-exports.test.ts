import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../../schema/registry';

/**
 * Jest has a module registry of its own, so the swap is checked in a plain Node process, loaded
 * the way gateway/gateway.ts loads it: first, then Apollo's gateway.
 */
function inNode(script: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output);
}

describe('plain exports of @apollo/federation-internals', () => {
  it('are what Apollo’s gateway and query planner get: the same values, without getters', () => {
    const facts = inNode(`
      const { plainExports, originalExports } = require('./gateway/plain-federation-exports');
      require('@apollo/gateway');
      const internals = require('@apollo/federation-internals');
      const keys = Object.getOwnPropertyNames(originalExports);
      const getter = (object, key) => typeof Object.getOwnPropertyDescriptor(object, key)?.get === 'function';
      console.log(JSON.stringify({
        replaced: internals === plainExports,
        keys: keys.length,
        originalGetters: keys.filter((k) => getter(originalExports, k)).length,
        plainGetters: keys.filter((k) => getter(plainExports, k)).length,
        differing: keys.filter((k) => plainExports[k] !== originalExports[k]),
      }));
    `);
    expect(facts).toMatchObject({ replaced: true, plainGetters: 0, differing: [] });
    // The swap only pays while the package re-exports through getters; if a release stops, drop it.
    expect((facts as { originalGetters: number }).originalGetters).toBeGreaterThan(100);
  });
});
