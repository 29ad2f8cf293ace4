import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readRegistry, REPO_ROOT } from '../../schema/registry';

const SUBGRAPHS = readRegistry().map((e) => e.name);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'seed' ? [] : sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('data ownership', () => {
  it.each(SUBGRAPHS)('the %s subgraph names no other subgraph’s PostgreSQL schema in its code', (name) => {
    const others = SUBGRAPHS.filter((s) => s !== name);
    const pattern = new RegExp(`\\b(${others.join('|')})\\.[a-z_]+\\b`, 'g');
    for (const file of sourceFiles(path.join(REPO_ROOT, 'subgraphs', name))) {
      const sqlLike = readFileSync(file, 'utf8')
        .split('\n')
        .filter(
          (line) => !line.trim().startsWith('import') && !line.trim().startsWith('//') && !line.trim().startsWith('*'),
        );
      const hits = sqlLike.flatMap((line) => [...line.matchAll(pattern)].map((m) => m[0]));
      expect({ file: path.relative(REPO_ROOT, file), hits }).toEqual({
        file: path.relative(REPO_ROOT, file),
        hits: [],
      });
    }
  });
});
