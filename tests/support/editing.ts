import { graphqlOk } from './graphql';

type Input = Record<string, unknown>;

/** The query that reads one object of `type` by id: `researchOutput` for `ResearchOutput`. */
export const queryOf = (type: string): string => `${type[0]?.toLowerCase()}${type.slice(1)}`;

/**
 * The create and update mutations of one editable type, named after it as every subgraph names
 * them (`createX(input: XInput!)`, `updateX(id, version, input)`), each answering `fields` of the
 * object in the payload's `payload` field; `create` and `update` send them and answer that object.
 * The documents themselves are for the tests that expect an error (graphql, not graphqlOk).
 */
export function editableType<T>(type: string, payload: string, fields: string) {
  const CREATE = `mutation ($input: ${type}Input!) { create${type}(input: $input) { ${payload} { ${fields} } } }`;
  const UPDATE = `mutation ($id: ID!, $version: Int!, $input: ${type}Input!) {
    update${type}(id: $id, version: $version, input: $input) { ${payload} { ${fields} } } }`;
  const written = (data: Record<string, Record<string, T>>, mutation: string) => data[mutation]?.[payload] as T;
  return {
    CREATE,
    UPDATE,
    create: async (url: string, token: string, input: Input): Promise<T> =>
      written(await graphqlOk(url, CREATE, { input }, token), `create${type}`),
    update: async (url: string, token: string, id: string, version: number, input: Input): Promise<T> =>
      written(await graphqlOk(url, UPDATE, { id, version, input }, token), `update${type}`),
  };
}

/** One object as the query `field` (e.g. `researchOutput`) answers it for `id`: its `fields`, as `token` sees it. */
export async function readById<T>(url: string, field: string, id: string, fields: string, token?: string): Promise<T> {
  const data = await graphqlOk<Record<string, T>>(
    url,
    `query($id: ID!) { ${field}(id: $id) { ${fields} } }`,
    { id },
    token,
  );
  return data[field] as T;
}

interface Reviewed {
  reviewDue: boolean;
  reviewDueOn: string;
  version: number;
}

/**
 * Marks the measure `id` (a `FederalMeasure` or `RegionalMeasure`) reviewed at the version it has
 * now, checks it is no longer due and next due about six months on, and answers the versions
 * before and after.
 */
export async function markMeasureReviewed(
  url: string,
  type: 'FederalMeasure' | 'RegionalMeasure',
  id: string,
  token: string,
): Promise<{ before: number; after: number }> {
  const query = queryOf(type);
  const current = await graphqlOk<Record<string, { version: number }>>(url, `{ ${query}(id: "${id}") { version } }`);
  const before = current[query]?.version as number;
  const reviewed = await graphqlOk<Record<string, { measure: Reviewed }>>(
    url,
    `mutation($v: Int!) { mark${type}Reviewed(id: "${id}", version: $v, note: "Halbjährliche Prüfung") { measure { reviewDue reviewDueOn version } } }`,
    { v: before },
    token,
  );
  const measure = reviewed[`mark${type}Reviewed`]?.measure as Reviewed;
  expect(measure.reviewDue).toBe(false);
  expect(new Date(measure.reviewDueOn).getTime()).toBeGreaterThan(Date.now() + 150 * 86_400_000);
  return { before, after: measure.version };
}
