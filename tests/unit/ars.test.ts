import { GraphQLError } from 'graphql';
import { arsLevel, landOf, normaliseArs } from '../../subgraphs/shared/catalogue/ars';

describe('normaliseArs', () => {
  it.each([
    ['09', '09'],
    ['09564', '09564'],
    ['095640000000', '09564'],
    ['090000000000', '09'],
    ['11000', '11000'],
    [' 02000 ', '02000'],
    ['095640000', '09564'],
  ])('reads %p as %p', (input, expected) => {
    expect(normaliseArs(input)).toBe(expected);
  });

  it.each(['9', '9564', 'abcde', '09-564', '', '0956400000001'])('refuses the malformed key %p', (input) => {
    expect(() => normaliseArs(input, 'ars')).toThrow(GraphQLError);
    try {
      normaliseArs(input, 'ars');
    } catch (error) {
      expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'ars' });
    }
  });

  it('tells a Gemeinde key apart and names the Kreis to use instead', () => {
    expect(() => normaliseArs('095640000123', 'filter.ars')).toThrow(/Kreis key "09564"/);
  });

  it('derives level and Land', () => {
    expect(arsLevel('09')).toBe('LAND');
    expect(arsLevel('09564')).toBe('KOMMUNE');
    expect(landOf('09564')).toBe('09');
  });
});
