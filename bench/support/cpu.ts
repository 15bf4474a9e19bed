import { readFileSync } from 'node:fs';
import type { BenchStack } from './benchStack';

/** CPU time (user + system, ms) used so far by the host, the stand-ins process and this process. */
export interface CpuSample {
  host: number;
  standIns: number;
  bench: number;
}

/**
 * On a shared machine wall-clock rates move with everyone else's load; CPU time per request does
 * not (much), so the benchmarks print both.
 */
export function cpuNow(bench: BenchStack): CpuSample {
  const own = process.cpuUsage();
  return {
    host: cpuMsOf(bench.stack.info.pids.host),
    standIns: cpuMsOf(bench.stack.info.pids.standIns),
    bench: (own.user + own.system) / 1000,
  };
}

/** CPU used between two samples, divided by `count` (per request, per session, ...). */
export function cpuPer(before: CpuSample, after: CpuSample, count: number): CpuSample {
  return {
    host: (after.host - before.host) / count,
    standIns: (after.standIns - before.standIns) / count,
    bench: (after.bench - before.bench) / count,
  };
}

/** From /proc (Linux; NaN elsewhere): utime + stime in clock ticks (USER_HZ 100). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
