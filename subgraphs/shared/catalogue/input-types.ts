/** GraphQL input objects shared by several subgraphs (schema/vocabulary.graphql). */
export interface SuccessControlInput {
  status?: string | null;
  plannedFor?: string | null;
  description?: string | null;
}

export interface ContactInput {
  name: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
}
