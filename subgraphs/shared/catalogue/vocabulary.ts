/**
 * The hub's controlled vocabulary, taken from the 2020 federal guideline (chapters III and IV).
 * schema/vocabulary.graphql declares the same codes for GraphQL; a unit test keeps both in step.
 */

export const TARGET_GROUP_CATEGORIES = ['PRIMARY', 'SECONDARY', 'SPECIFIC_NEED', 'SOCIETY'] as const;
export type TargetGroupCategory = (typeof TARGET_GROUP_CATEGORIES)[number];

export interface TargetGroupDefinition {
  code: string;
  category: TargetGroupCategory;
  labelDe: string;
  labelEn: string;
  /** Where the guideline defines the group, so editors can look it up. */
  guidelineReference: string;
}

/** In the order the guideline lists them; `sortOrder` in the database follows this order. */
export const TARGET_GROUPS = [
  {
    code: 'EU_CITIZENS',
    category: 'PRIMARY',
    labelDe: 'Freizügigkeitsberechtigte Unionsbürgerinnen und Unionsbürger',
    labelEn: 'EU citizens with freedom of movement',
    guidelineReference: 'Leitfaden 2020, Kap. III (primäre Zielgruppen)',
  },
  {
    code: 'THIRD_COUNTRY_NATIONALS',
    category: 'PRIMARY',
    labelDe: 'Drittstaatsangehörige (Ausbildung, Erwerbstätigkeit, Familiennachzug)',
    labelEn: 'Third-country nationals (training, employment, family reunification)',
    guidelineReference: 'Leitfaden 2020, Kap. III (primäre Zielgruppen)',
  },
  {
    code: 'PROTECTION_HOLDERS',
    category: 'PRIMARY',
    labelDe: 'Schutzberechtigte und Asylsuchende mit guter Bleibeperspektive',
    labelEn: 'Persons with humanitarian protection and asylum seekers with good prospects to stay',
    guidelineReference: 'Leitfaden 2020, Kap. III (primäre Zielgruppen), Endnote 1',
  },
  {
    code: 'GERMAN_CITIZENS',
    category: 'PRIMARY',
    labelDe: 'Deutsche Staatsbürgerinnen und Staatsbürger mit und ohne Migrationshintergrund',
    labelEn: 'German citizens with and without a migration background (incl. late repatriates)',
    guidelineReference: 'Leitfaden 2020, Kap. III (primäre Zielgruppen), Endnote 2',
  },
  {
    code: 'TOLERATED_AND_ASYLUM_SEEKERS',
    category: 'SECONDARY',
    labelDe: 'Geduldete und Asylsuchende mit unklarer Bleibeperspektive',
    labelEn: 'Tolerated persons and asylum seekers with unclear prospects to stay',
    guidelineReference: 'Leitfaden 2020, Kap. III (Orientierung, Beratung, Sprachförderung)',
  },
  {
    code: 'EMPLOYABLE_PERSONS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Erwerbsfähige Personen',
    labelEn: 'Persons able to work',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'TRAINEES_AND_STUDENTS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Ausbildungs- und Studieninteressierte, Studierende und Auszubildende',
    labelEn: 'Prospective and current trainees and students',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'SELF_EMPLOYED_AND_FOUNDERS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Selbstständige sowie Gründerinnen und Gründer',
    labelEn: 'Self-employed persons and founders',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'LOW_OR_UNRECOGNISED_QUALIFICATIONS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Menschen ohne anerkannte oder mit geringen Qualifikationen',
    labelEn: 'People with unrecognised or low qualifications',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'WOMEN_AND_GIRLS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Frauen und Mädchen',
    labelEn: 'Women and girls',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'CHILDREN_AND_YOUTH',
    category: 'SPECIFIC_NEED',
    labelDe: 'Kinder und Jugendliche',
    labelEn: 'Children and young people',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'FAMILIES',
    category: 'SPECIFIC_NEED',
    labelDe: 'Familien',
    labelEn: 'Families',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'PEOPLE_WITH_DISABILITIES',
    category: 'SPECIFIC_NEED',
    labelDe: 'Menschen mit Behinderungen',
    labelEn: 'People with disabilities',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'LGBTIQ',
    category: 'SPECIFIC_NEED',
    labelDe: 'Lesbische, schwule, bisexuelle, trans-, intergeschlechtliche und queere Menschen',
    labelEn: 'Lesbian, gay, bisexual, trans, intersex and queer people',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'ARTISTS_AND_CULTURAL_WORKERS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Kunst- und Kulturschaffende',
    labelEn: 'Artists and cultural workers',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'ATHLETES_AND_SPORTS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Sportlerinnen, Sportler und sportinteressierte Menschen',
    labelEn: 'Athletes and people interested in sport',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'RESEARCHERS',
    category: 'SPECIFIC_NEED',
    labelDe: 'Wissenschaftlerinnen und Wissenschaftler',
    labelEn: 'Researchers',
    guidelineReference: 'Leitfaden 2020, Kap. III (spezielle Bedarfe)',
  },
  {
    code: 'RECEIVING_SOCIETY',
    category: 'SOCIETY',
    labelDe: 'Aufnahmegesellschaft bzw. Gesamtgesellschaft',
    labelEn: 'Receiving society / society as a whole',
    guidelineReference: 'Leitfaden 2020, Kap. III (letzter Absatz)',
  },
] as const satisfies readonly TargetGroupDefinition[];

export type TargetGroupCode = (typeof TARGET_GROUPS)[number]['code'];
export const TARGET_GROUP_CODES: readonly TargetGroupCode[] = TARGET_GROUPS.map((g) => g.code);

export const AREAS = [
  { code: 'LANGUAGE', labelDe: 'Sprache', labelEn: 'Language' },
  {
    code: 'EDUCATION_AND_WORK',
    labelDe: 'Bildung, Ausbildung, Studium und Beschäftigung',
    labelEn: 'Education, training, study and employment',
  },
  { code: 'SOCIETY', labelDe: 'Gesellschaft', labelEn: 'Society' },
] as const;
export type Area = (typeof AREAS)[number]['code'];
export const AREA_CODES: readonly Area[] = AREAS.map((a) => a.code);

export const LEVELS = ['BUND', 'LAND', 'KOMMUNE'] as const;
export type Level = (typeof LEVELS)[number];

export const OFFER_STATUSES = ['ACTIVE', 'PLANNED', 'ENDED'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const GRUNDANGEBOTE = [
  {
    code: 'ARRIVAL',
    labelDe: 'Grundangebot zum Einstieg in Deutschland',
    labelEn: 'Basic offer for arriving in Germany',
    blocks: [
      {
        code: 'WELCOME_OFFER',
        labelDe: 'Zielgruppenspezifisches Willkommens- bzw. Ankommensangebot',
        labelEn: 'Target-group specific welcome offer',
      },
      {
        code: 'INFORMATION_AND_COUNSELLING',
        labelDe: 'Informations- und Beratungsangebot für Jugendliche und Erwachsene',
        labelEn: 'Information and counselling for young people and adults',
      },
      {
        code: 'INTEGRATION_COURSE',
        labelDe: 'Integrationskurs mit begleitender Kinderbetreuung und Pilotangeboten',
        labelEn: 'Integration course with childcare support and pilot offers',
      },
    ],
  },
  {
    code: 'LABOUR_MARKET',
    labelDe: 'Grundangebot zur Integration in Ausbildung und Arbeitsmarkt',
    labelEn: 'Basic offer for integration into training and the labour market',
    blocks: [
      {
        code: 'RECOGNITION',
        labelDe: 'Anerkennung ausländischer Berufsqualifikationen',
        labelEn: 'Recognition of foreign professional qualifications',
      },
      {
        code: 'JOB_RELATED_LANGUAGE',
        labelDe: 'Berufsbezogene Deutschsprachkurse oder sprachliche Studienförderung',
        labelEn: 'Job-related German courses or language support for studies',
      },
      {
        code: 'VOCATIONAL_ORIENTATION',
        labelDe: 'Berufliche Orientierung und Integration in Ausbildung',
        labelEn: 'Vocational orientation and integration into training',
      },
      {
        code: 'LABOUR_MARKET_INTEGRATION',
        labelDe: 'Qualifikationsadäquate Arbeitsmarktintegration',
        labelEn: 'Labour-market integration matching qualifications',
      },
      {
        code: 'UNIVERSITY_ENTRY',
        labelDe: 'Unterstützung beim Einstieg in ein Studium',
        labelEn: 'Support for entering university',
      },
    ],
  },
] as const;

export const COMPLEMENTARY = {
  code: 'COMPLEMENTARY',
  labelDe: 'Komplementäres zielgruppen- oder bedarfsspezifisches Angebot',
  labelEn: 'Complementary offer for a specific target group or need',
} as const;

export type GrundangebotBlock = (typeof GRUNDANGEBOTE)[number]['blocks'][number]['code'] | typeof COMPLEMENTARY.code;

export const GRUNDANGEBOT_BLOCKS: readonly GrundangebotBlock[] = [
  ...GRUNDANGEBOTE.flatMap((g) => g.blocks.map((b) => b.code)),
  COMPLEMENTARY.code,
];

/** What kind of measure a record is (MeasureType in schema/vocabulary.graphql). */
export const MEASURE_TYPES = [
  'COURSE',
  'COUNSELLING',
  'FUNDING_PROGRAMME',
  'STRUCTURAL_FUNDING',
  'INFORMATION',
  'SCHOOL_OFFER',
  'LAW',
  'STRATEGY',
  'MONITORING',
] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

export const FUNDING_METHODS = ['PROJECT_FUNDING', 'PROGRAMME', 'STRUCTURE_BUILDING', 'STATUTORY'] as const;
export const SUCCESS_CONTROL_STATUSES = ['DONE', 'RUNNING', 'PLANNED'] as const;
export const COORDINATION_STATUSES = ['NOT_SUBMITTED', 'IN_COORDINATION', 'COORDINATED'] as const;

export type LabelLanguage = 'DE' | 'EN';

export function pickLabel(row: { labelDe: string; labelEn: string }, lang: LabelLanguage): string {
  return lang === 'EN' ? row.labelEn : row.labelDe;
}
