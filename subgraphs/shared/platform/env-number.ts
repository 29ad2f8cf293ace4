/**
 * A setting that is a whole number of at least 1 (a limit, a timeout in ms, a count), read from
 * the environment; unset or empty gives the default, anything else is refused at start.
 */
export function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
}
