/**
 * A progress line every few seconds while a phase runs, like k6's
 * "running (0m38.0s), 300/300 VUs, 1,246 complete and 0 interrupted iterations".
 */
export interface ProgressCounts {
  readonly elapsedMs: number;
  readonly plannedMs: number;
  readonly activeVUs: number;
  readonly maxVUs: number;
  readonly complete: number;
  readonly failed: number;
  readonly dropped?: number;
}

export function formatProgressLine(counts: ProgressCounts): string {
  const seconds = (counts.elapsedMs / 1000).toFixed(1);
  const planned = String(Number((counts.plannedMs / 1000).toFixed(1)));
  const dropped = counts.dropped === undefined ? '' : `, ${counts.dropped.toLocaleString('en-US')} dropped`;
  return (
    `running ${seconds}s/${planned}s, ${counts.activeVUs}/${counts.maxVUs} VUs, ` +
    `${counts.complete.toLocaleString('en-US')} complete, ${counts.failed.toLocaleString('en-US')} failed${dropped}`
  );
}

/** Calls `print` every intervalMs with the current counts until stopped. */
export function startLiveProgress(
  intervalMs: number,
  read: () => ProgressCounts,
  print: (line: string) => void,
): { stop(): void } {
  const timer = setInterval(() => print(formatProgressLine(read())), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
