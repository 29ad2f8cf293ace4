import { badUserInput } from '../platform/errors';

/**
 * Amtlicher Regionalschlüssel (ARS): 2 digits for a Land, 5 for a Kreis or kreisfreie Stadt,
 * 12 for the full key. The hub keys places by the shortest form that identifies them; a
 * 12-digit key whose tail is zero is accepted and shortened (e.g. 095640000000 → 09564).
 */
export type ArsLevel = 'LAND' | 'KOMMUNE';

export function normaliseArs(input: string, argumentName = 'ars'): string {
  const value = input.trim();
  if (!/^\d+$/.test(value) || ![2, 5, 9, 12].includes(value.length)) {
    throw badUserInput(
      argumentName,
      `"${input}" is not a Regionalschlüssel: use 2 digits for a Land (e.g. "09"), ` +
        '5 for a Kreis or kreisfreie Stadt (e.g. "09564") or the full 12 digits',
    );
  }
  if (value.length === 2) return value;
  // A 12-digit key with ten trailing zeros is the Land itself (the seed data keys Länder so).
  if (/^\d{2}0{10}$/.test(value)) return value.slice(0, 2);
  const kreis = value.slice(0, 5);
  if (/^0*$/.test(value.slice(5))) return kreis;
  throw badUserInput(
    argumentName,
    `"${input}" names a Gemeinde or Gemeindeverband; the catalogue is kept per Kreis, ` +
      `use the Kreis key "${value.slice(0, 5)}"`,
  );
}

export function arsLevel(ars: string): ArsLevel {
  return ars.length === 2 ? 'LAND' : 'KOMMUNE';
}

export function landOf(ars: string): string {
  return ars.slice(0, 2);
}
