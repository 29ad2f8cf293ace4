import { readFileSync } from 'node:fs';
import { README_PATH, readmeWithErrorTable } from '../../scripts/docs/error-table';
import { ERROR_CODE_DOCS } from '../../subgraphs/shared/platform/error-code-docs';
import { ErrorCode } from '../../subgraphs/shared/platform/errors';

describe('the error codes clients read about', () => {
  it('are every code of the registry, each documented once', () => {
    expect(Object.keys(ERROR_CODE_DOCS).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const doc of Object.values(ERROR_CODE_DOCS)) expect(doc.when.trim()).not.toBe('');
  });

  it('stand in the README as `npm run docs` writes them (run it and commit when this fails)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(readmeWithErrorTable(readme)).toBe(readme);
  });

  it('are written into the README from the docs, not kept by hand', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    const tampered = readme.replace('| `NOT_FOUND`', '| `NOT_THERE`');
    expect(tampered).not.toBe(readme);
    expect(readmeWithErrorTable(tampered)).toBe(readme);
  });
});
