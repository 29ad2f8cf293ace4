/** The rows the Land's tables hold, as the repository reads them and the resolvers serve them. */

export interface CoursePlaceRow {
  id: string;
  kreisArs: string;
  measureId: string | null;
  course: string;
  provider: string | null;
  seats: number;
  groups: number | null;
  period: string | null;
  targetGroups: string[];
  isExample: boolean;
  note: string | null;
  sources: string[];
}

export interface ContactPointRow {
  id: string;
  kreisArs: string;
  name: string;
  services: string[];
  targetGroups: string[];
  url: string | null;
  isExample: boolean;
  note: string | null;
  sources: string[];
}

export interface CoursePlaceCountRow {
  code: string;
  ars: string;
  coursePlaces: number;
  seats: number;
  includesExampleData: boolean;
}

export interface MeasureFact {
  label: string;
  value?: number | null;
  unit?: string | null;
  approximate?: boolean;
  period?: string | null;
  example?: string | null;
  text: string;
}

export interface MeasureDetailsRow {
  measureId: string;
  ars: string;
  facts: MeasureFact[];
  isExample: boolean;
  note: string | null;
  sources: string[];
}
