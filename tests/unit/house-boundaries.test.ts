import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// The rule is CommonJS so that both eslint.config.mjs and Jest load it as it is.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const house = require('../../scripts/lint/house-boundaries.cjs') as { rules: Record<string, unknown> };

const ROOT = path.resolve(__dirname, '..', '..');
const linter = new Linter({ configType: 'flat' });
const config = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { house: house as never },
    rules: { 'house/house-boundaries': 'error' as const },
  },
];

/** The boundary messages ESLint gives for one line of code in a file at `file` (repo-relative). */
function problems(file: string, code: string): string[] {
  return linter.verify(code, config, { filename: path.join(ROOT, file) }).map((m) => m.message);
}

describe('the house boundaries lint rule', () => {
  it.each([
    ['subgraphs/federal/resolvers.ts', "import { x } from '../laender/measure-repository';", 'no other subgraph'],
    ['subgraphs/federal/seed/x.ts', "export * from '../../research/seed';", 'no other subgraph'],
    ['subgraphs/research/loaders.ts', "import { x } from '../../gateway/gateway';", 'no gateway'],
    ['subgraphs/shared/editing/x.ts', "import { x } from '../../federal/measure-repository';", 'imports no subgraph'],
    ['subgraphs/shared/platform/errors.ts', "import { x } from '../loading/paging';", 'bottom of the house'],
    ['gateway/gateway.ts', "import { x } from '../subgraphs/shared/loading/paging';", 'only subgraphs/shared/platform'],
    ['gateway/limits/x.ts', "const m = await import('../../subgraphs/federal');", 'only subgraphs/shared/platform'],
    ['scripts/seed.ts', "import { x } from '../subgraphs/federal/seed';", 'through its index.ts'],
    ['scripts/bulk/x.ts', "import { x } from '../../subgraphs/shared/editing/history';", 'through its index.ts'],
    ['schema/compose.ts', "import { x } from '../subgraphs/shared/server/subgraph-module';", 'schema/ imports no'],
    ['scripts/bench/x.ts', "import { x } from '../../tests/support/queries';", 'outside tests/'],
    ['gateway/x.ts', "type T = import('../tests/support/http').X;", 'outside tests/'],
    ['web/explorer/main.ts', "import { x } from '../../gateway/config';", 'web/'],
  ])('refuses %s: %s', (file, code, why) => {
    const found = problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });

  it.each([
    ['subgraphs/federal/resolvers.ts', "import { x } from '../shared/editing/history';"],
    ['subgraphs/federal/index.ts', "import { x } from '../../schema/vocabulary-sdl';"],
    ['subgraphs/index.ts', "import { federal } from './federal';"],
    ['gateway/gateway.ts', "import { x } from '../subgraphs/shared/platform/errors';"],
    ['scripts/in-process-hub.ts', "import { x } from '../subgraphs/analytics';"],
    ['scripts/in-process-hub.ts', "import { x } from '../subgraphs/shared/server/subgraph-server';"],
    ['scripts/bulk/columns.ts', "import { x } from '../../subgraphs/shared/catalogue/vocabulary';"],
    ['schema/candidate.ts', "import { x } from '../subgraphs/shared/platform/auth/dev-secret';"],
    ['tests/integration/x.test.ts', "import { x } from '../../subgraphs/federal/measure-repository';"],
    ['scripts/x.ts', "import { Linter } from 'eslint';"],
  ])('allows %s: %s', (file, code) => {
    expect(problems(file, code)).toEqual([]);
  });
});
