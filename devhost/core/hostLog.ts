import type { RpcLogCategory, RpcLogLevel } from './coreTypes';

export type HostLogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<HostLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function thresholdFromEnv(): number {
  const configured = (process.env.DEVHOST_LOG_LEVEL ?? 'info').toLowerCase();
  return configured in rank ? rank[configured as HostLogLevel] : rank.info;
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
 */
export function hostLog(level: HostLogLevel, source: string, message: string): void {
  if (rank[level] < thresholdFromEnv()) return;
  const time = new Date().toISOString().slice(11, 23);
  const line = `[${time}] ${level.toUpperCase().padEnd(5)} ${source}: ${message}`;
  if (level === 'error' || level === 'warn') {
    process.stderr.write(line + '\n');
  } else {
    process.stdout.write(line + '\n');
  }
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
