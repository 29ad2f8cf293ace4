/**
 * A setting that is a whole number of at least `min` (a limit, a timeout in ms, a count; default
 * at least 1, 0 where zero means "off"), read from the environment; unset or empty gives the
 * default, anything else is refused at start.
 */
export function wholeNumberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number${min === 0 ? '' : ` ≥ ${min}`}, got "${raw}"`);
  return value;
}
