import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../../subgraphs/shared/platform/database-unavailable';
import { createErrorMasker } from '../../subgraphs/shared/platform/mask-error';

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('a database that cannot be reached', () => {
  it('is recognised by SQLSTATE, socket code or node-postgres wording, also when wrapped', () => {
    expect(isDatabaseUnavailable(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('ECONNREFUSED', 'connect ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const wrapped = new GraphQLError('resolver failed', {
      originalError: pgError('57P03', 'the database system is starting up'),
    });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it('is not confused with a statement that is wrong', () => {
    expect(isDatabaseUnavailable(pgError('42P01', 'relation "x" does not exist'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('reaches the client as DATABASE_UNAVAILABLE without internals, and is logged', () => {
    const logged: unknown[] = [];
    const mask = createErrorMasker((error) => logged.push(error));
    const error = new GraphQLError('connect ECONNREFUSED 127.0.0.1:54329', {
      path: ['federalMeasures'],
      originalError: pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:54329'),
    });
    const formatted = mask({ message: error.message, path: ['federalMeasures'] }, error);
    expect(formatted).toEqual({
      message: 'The database is unavailable right now; try again in a moment',
      path: ['federalMeasures'],
      extensions: { code: 'DATABASE_UNAVAILABLE' },
    });
    expect(logged).toHaveLength(1);
  });
});
