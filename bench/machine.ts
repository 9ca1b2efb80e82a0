import { existsSync, readFileSync } from 'node:fs';

/** CPU seconds all processes on this machine have used so far (Linux /proc/stat), or null elsewhere. */
export function machineCpuSeconds(): number | null {
  if (!existsSync('/proc/stat')) return null;
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user, nice, system, (idle, iowait), irq, softirq, steal: the busy ones.
  const busy = ticks[0]! + ticks[1]! + ticks[2]! + ticks[5]! + ticks[6]! + ticks[7]!;
  return busy / 100;
}
