/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type errors are caught by `npm run typecheck`; with isolatedModules in tsconfig.json
    // ts-jest only transpiles each file, which is fast.
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  // A safety net against hangs, not a speed check: the machine is shared and at times heavily
  // loaded (bulk imports of 3 000 rows have taken over 60 s then).
  testTimeout: 180_000,
  maxWorkers: 2,
};
