import type { HostExtension } from './extension';

/**
 * The extensions the host process starts beside the HTTP and timer triggers, in this order (stopped
 * in reverse). An entry is an extension, or a factory called once per host start (preferable when the
 * extension keeps state, so a second in-process host gets a fresh one).
 */
export const hostExtensions: Array<HostExtension | (() => HostExtension)> = [];
