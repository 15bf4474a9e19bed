import type { RpcLogCategory, RpcLogLevel } from './coreTypes';

export type HostLogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<HostLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: number | undefined;

/** DEVHOST_LOG_LEVEL, read once: the host's environment is fixed when it starts. */
function thresholdFromEnv(): number {
  if (threshold === undefined) {
    const configured = (process.env.DEVHOST_LOG_LEVEL ?? 'info').toLowerCase();
    threshold = configured in rank ? rank[configured as HostLogLevel] : rank.info;
  }
  return threshold;
}

/** True when a line of this level would be written (so callers can skip building it). */
export function hostLogEnabled(level: HostLogLevel): boolean {
  return rank[level] >= thresholdFromEnv();
}

/** Maps the worker's RPC log levels onto the host's four levels. */
export function fromRpcLevel(level: RpcLogLevel): HostLogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return 'debug';
    case 'warning':
      return 'warn';
    case 'error':
    case 'critical':
      return 'error';
    default:
      return 'info';
  }
}

/**
 * One line per entry: time, level, where it came from, message. Function logs carry the function
 * name and the invocation id so interleaved invocations stay readable.
 *
 * stdout lines are written once per turn of the event loop, joined: stdout to a pipe (how the
 * stack and the tests run the host) is a synchronous write on Linux, one system call per line,
 * which at one request line per HTTP call was a measurable part of a request's CPU. Warnings and
 * errors go to stderr at once, after any stdout lines still pending, and pending lines are written
 * before the process exits.
 */
export function hostLog(level: HostLogLevel, source: string, message: string): void {
  if (rank[level] < thresholdFromEnv()) return;
  const time = new Date().toISOString().slice(11, 23);
  const line = `[${time}] ${level.toUpperCase().padEnd(5)} ${source}: ${message}\n`;
  if (level === 'error' || level === 'warn') {
    flushHostLog();
    process.stderr.write(line);
  } else {
    pending += line;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushHostLog);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on('exit', flushHostLog);
      }
    }
  }
}

let pending = '';
let flushScheduled = false;
let exitHookInstalled = false;

/** Writes the stdout lines not written yet (before output that bypasses hostLog, e.g. console.log). */
export function flushHostLog(): void {
  flushScheduled = false;
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stdout.write(text);
}

/** Log sink for messages that arrive through the core API (`log(level, category, message)`). */
export function coreLog(
  level: RpcLogLevel,
  category: RpcLogCategory,
  message: string,
  functionName?: string,
  invocationId?: string,
): void {
  if (level === 'none') return;
  const source = functionName
    ? `${functionName}${invocationId ? ` (${invocationId.slice(0, 8)})` : ''}`
    : category === 'system'
      ? 'worker'
      : 'app';
  // The library's own system chatter is debug-level noise for a developer; user logs are not.
  const hostLevel = category === 'system' && level === 'information' ? 'debug' : fromRpcLevel(level);
  hostLog(hostLevel, source, message);
}
