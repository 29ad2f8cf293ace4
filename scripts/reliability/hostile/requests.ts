/** How the hostile kinds send their requests: as GraphQL over POST, as raw bodies, or as a GET. */
import { send } from '../http';
import type { HostileContext } from './kind';

export function gql(payload: unknown, extra: { headers?: Record<string, string>; token?: string; path?: string } = {}) {
  return (ctx: HostileContext) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra.headers };
    if (extra.token) headers['authorization'] = `Bearer ${extra.token}`;
    return send(`${ctx.hub.origin}${extra.path ?? '/graphql'}`, {
      headers,
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
      deadlineMs: ctx.deadlineMs,
    });
  };
}

export function raw(body: string | Buffer, headers: Record<string, string>, method: 'POST' | 'GET' | 'PUT' = 'POST') {
  return (ctx: HostileContext) =>
    send(`${ctx.hub.origin}/graphql`, {
      method,
      headers,
      ...(method === 'GET' ? {} : { body }),
      deadlineMs: ctx.deadlineMs,
    });
}

export function get(path: string, headers: Record<string, string> = {}) {
  return (ctx: HostileContext) =>
    send(`${ctx.hub.origin}${path}`, { method: 'GET', headers, deadlineMs: ctx.deadlineMs });
}

export const q = (query: string, variables?: Record<string, unknown>, operationName?: string) => ({
  query,
  ...(variables ? { variables } : {}),
  ...(operationName !== undefined ? { operationName } : {}),
});
