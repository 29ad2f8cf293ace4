import { argsKey, toPage } from '../../subgraphs/shared/loading/paging';
import { MAX_PAGE_SIZE } from '../../subgraphs/shared/platform/page-size';

describe('toPage', () => {
  it('defaults to the first 50', () => {
    expect(toPage({})).toEqual({ limit: 50, offset: 0 });
  });

  it('accepts the cap itself', () => {
    expect(toPage({ first: MAX_PAGE_SIZE, offset: 10 })).toEqual({ limit: MAX_PAGE_SIZE, offset: 10 });
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1, 1.5])('refuses first = %p naming the argument', (first) => {
    expect(() => toPage({ first })).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'first' } }),
    );
  });

  it('refuses a negative offset', () => {
    expect(() => toPage({ offset: -1 })).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'offset' } }),
    );
  });
});

describe('argsKey', () => {
  it('does not depend on key order', () => {
    expect(argsKey({ a: 1, b: { d: 2, c: [1, 2] } })).toBe(argsKey({ b: { c: [1, 2], d: 2 }, a: 1 }));
    expect(argsKey({ a: 1 })).not.toBe(argsKey({ a: 2 }));
  });
});
