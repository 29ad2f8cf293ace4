import { parse, validate } from 'graphql';
import { loadApiSchema } from '../../scripts/reliability/api-schema';
import { BREAKAGES, generateOperations } from '../../scripts/reliability/fuzz-ops';
import { deepTargetGroups, manyAliases, placeKreiseLand } from '../../scripts/reliability/abusive-queries';

const schema = loadApiSchema();

function validates(query: string): boolean {
  try {
    return validate(schema, parse(query)).length === 0;
  } catch {
    return false;
  }
}

describe('reliability fuzz operations', () => {
  const operations = generateOperations(schema, 7, 600);

  it('are the same for the same seed and differ for another', () => {
    expect(generateOperations(schema, 7, 600)).toEqual(operations);
    expect(generateOperations(schema, 8, 50).map((o) => o.query)).not.toEqual(
      operations.slice(0, 50).map((o) => o.query),
    );
  });

  it('validate against the API schema when marked valid, and do not when marked invalid', () => {
    const wrong = operations.filter((o) => validates(o.query) !== o.valid);
    expect(wrong.map((o) => ({ breakage: o.breakage, query: o.query.slice(0, 300) }))).toEqual([]);
  });

  it('include valid and invalid operations, queries and mutations, variables and edge values', () => {
    const valid = operations.filter((o) => o.valid);
    expect(valid.length).toBeGreaterThan(operations.length / 2);
    expect(valid.length).toBeLessThan(operations.length);
    expect(operations.some((o) => o.query.startsWith('mutation'))).toBe(true);
    expect(operations.some((o) => Object.keys(o.variables).length > 0)).toBe(true);
    const texts = operations.map((o) => `${o.query} ${JSON.stringify(o.variables)}`).join('\n');
    expect(texts).toContain('\\u0000');
    expect(texts).toContain('2147483647');
    const broken = new Set(operations.map((o) => o.breakage).filter(Boolean));
    for (const breakage of BREAKAGES) expect(broken).toContain(breakage);
  });
});

describe('the abusive operations of the reliability run', () => {
  it('are valid GraphQL, so that the limits and not validation refuse them', () => {
    for (const query of [deepTargetGroups(3), deepTargetGroups(8), placeKreiseLand(4), manyAliases(3000)]) {
      expect(validates(query)).toBe(true);
    }
  });
});
