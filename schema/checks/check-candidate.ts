import { findBreakingChanges, findDangerousChanges } from 'graphql';
import { compose, sourcesOf } from '../compose';
import { apiSchema } from '../public-schema';

import type { RegistryEntry } from '../registry';
import { landPolicyViolations, type PolicyViolation } from './land-policy';

export type { PolicyViolation } from './land-policy';

/** A subgraph proposed for the graph: new, or a new version of a registered one. */
export interface Candidate {
  name: string;
  url: string;
  sdl: string;
  kind: 'hub' | 'land';
  /** A Land subgraph's 2-digit ARS. */
  land?: string;
}

export interface SchemaChange {
  type: string;
  description: string;
}

export interface CheckReport {
  ok: boolean;
  subgraph: string;
  compositionErrors: string[];
  policyViolations: PolicyViolation[];
  /** Changes that break existing clients: removed or changed fields and types, nullability. */
  breakingChanges: SchemaChange[];
  /** Changes that may change what existing clients get (e.g. a new enum value). */
  dangerousChanges: SchemaChange[];
  /** The supergraph the candidate would produce, when it composes. */
  supergraphSdl: string | null;
}

/**
 * Like a schema registry's check: composes the candidate with every other registered subgraph,
 * applies the Land policy, and lists what would break for clients of the current supergraph.
 */
export function checkCandidate(
  candidate: Candidate,
  registry: readonly RegistryEntry[],
  currentSupergraphSdl: string,
): CheckReport {
  const others = registry.filter((e) => e.name !== candidate.name);
  const sources = sourcesOf(others);
  const policyViolations =
    candidate.kind === 'land'
      ? landPolicyViolations(
          candidate,
          sourcesOf(others.filter((e) => (e.kind ?? 'hub') === 'hub')),
          sourcesOf(others.filter((e) => e.kind === 'land')),
        )
      : [];
  const position = registry.findIndex((e) => e.name === candidate.name);
  const candidateSource = { name: candidate.name, url: candidate.url, sdl: candidate.sdl };
  if (position >= 0) sources.splice(position, 0, candidateSource);
  else sources.push(candidateSource);
  const composed = compose(sources);
  const report: CheckReport = {
    ok: false,
    subgraph: candidate.name,
    compositionErrors: composed.ok ? [] : composed.errors,
    policyViolations,
    breakingChanges: [],
    dangerousChanges: [],
    supergraphSdl: composed.ok ? composed.supergraphSdl : null,
  };
  if (composed.ok) {
    const before = apiSchema(currentSupergraphSdl);
    const after = apiSchema(composed.supergraphSdl);
    report.breakingChanges = findBreakingChanges(before, after).map((c) => ({
      type: c.type,
      description: c.description,
    }));
    report.dangerousChanges = findDangerousChanges(before, after).map((c) => ({
      type: c.type,
      description: c.description,
    }));
  }
  report.ok =
    report.compositionErrors.length === 0 && policyViolations.length === 0 && report.breakingChanges.length === 0;
  return report;
}

/** A readable report for people and CI logs. */
export function formatReport(report: CheckReport): string {
  const lines = [`Check of subgraph "${report.subgraph}": ${report.ok ? 'PASSED' : 'FAILED'}`];
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((i) => `  - ${i}`));
  };
  section('Composition errors', report.compositionErrors);
  section(
    'Not allowed for a Land subgraph',
    report.policyViolations.map((v) => `${v.rule} ${v.coordinate}: ${v.message}`),
  );
  section(
    'Breaking changes for existing clients',
    report.breakingChanges.map((c) => `${c.type}: ${c.description}`),
  );
  section(
    'Changes to watch (not failing)',
    report.dangerousChanges.map((c) => `${c.type}: ${c.description}`),
  );
  return `${lines.join('\n')}\n`;
}
