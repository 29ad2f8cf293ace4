/** Types for the `landkreise-deutschland` package (Destatis Kreise data, 31.12.2018), which ships none. */
declare module 'landkreise-deutschland' {
  export interface District {
    AGS: string;
    type: 'Kreisfreie Stadt' | 'Kreis' | 'Landkreis' | 'Stadtkreis' | 'Regionalverband';
    name: string;
    NUTS3: string;
    area_km2: number;
    population: number;
    population_male: number;
    population_female: number;
    population_per_km2: number;
  }
  export function getDistricts(): District[];
  export function getDistrictByAGS(ags: string): District | undefined;
}
