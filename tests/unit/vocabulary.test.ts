import { readFileSync } from 'node:fs';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { TARGET_GROUP_CROSSWALK } from '../../subgraphs/shared/catalogue/target-group-crosswalk';
import { VOCABULARY_SDL_PATH } from '../../schema/vocabulary-sdl';
import {
  AREA_CODES,
  COORDINATION_STATUSES,
  FUNDING_METHODS,
  GRUNDANGEBOT_BLOCKS,
  LEVELS,
  MEASURE_TYPES,
  OFFER_STATUSES,
  SUCCESS_CONTROL_STATUSES,
  TARGET_GROUP_CATEGORIES,
  TARGET_GROUP_CODES,
  TARGET_GROUPS,
} from '../../subgraphs/shared/catalogue/vocabulary';

const enums = new Map(
  parse(readFileSync(VOCABULARY_SDL_PATH, 'utf8'))
    .definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
    .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]),
);

describe('the shared vocabulary', () => {
  it.each([
    ['TargetGroupCode', TARGET_GROUP_CODES],
    ['TargetGroupCategory', TARGET_GROUP_CATEGORIES],
    ['Area', AREA_CODES],
    ['Level', LEVELS],
    ['OfferStatus', OFFER_STATUSES],
    ['GrundangebotBlock', GRUNDANGEBOT_BLOCKS],
    ['MeasureType', MEASURE_TYPES],
    ['FundingMethod', FUNDING_METHODS],
    ['SuccessControlStatus', SUCCESS_CONTROL_STATUSES],
    ['CoordinationStatus', COORDINATION_STATUSES],
  ])('declares %s in GraphQL exactly as in TypeScript', (name, values) => {
    expect(enums.get(name)).toEqual([...values]);
  });

  it('holds the 18 target groups of guideline chapter III with German and English labels', () => {
    expect(TARGET_GROUPS).toHaveLength(18);
    for (const group of TARGET_GROUPS) {
      expect(group.labelDe).not.toBe('');
      expect(group.labelEn).not.toBe('');
      expect(group.labelDe).not.toBe(group.labelEn);
    }
    expect(TARGET_GROUPS.filter((g) => g.category === 'PRIMARY').map((g) => g.code)).toEqual([
      'EU_CITIZENS',
      'THIRD_COUNTRY_NATIONALS',
      'PROTECTION_HOLDERS',
      'GERMAN_CITIZENS',
    ]);
  });

  it('crosswalks fine-grained codes only to guideline groups', () => {
    for (const [code, groups] of Object.entries(TARGET_GROUP_CROSSWALK)) {
      expect(code).toMatch(/^TG_[A-Z0-9_]+$/);
      expect(groups.length).toBeGreaterThan(0);
      for (const g of groups) expect(TARGET_GROUP_CODES).toContain(g);
    }
  });
});
