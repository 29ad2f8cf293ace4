/** The benchmark's progress lines, each with the seconds since it started. */

const started = performance.now();

/** Seconds since the benchmark started. */
export function elapsedSeconds(): number {
  return (performance.now() - started) / 1000;
}

export function log(line: string): void {
  const elapsed = elapsedSeconds().toFixed(0).padStart(4);
  console.log(`[${elapsed} s] ${line}`);
}
