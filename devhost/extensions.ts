import { createDurableExtension } from './durable/durableExtension';
import type { HostExtension } from './extension';
import { localIssuer } from './localIssuer';

/**
 * The extensions the host process starts beside the HTTP and timer triggers, in this order (stopped
 * in reverse). An entry is an extension, or a factory called once per host start (preferable when the
 * extension keeps state, so a second in-process host gets a fresh one).
 */
export const hostExtensions: Array<HostExtension | (() => HostExtension)> = [
  () => createDurableExtension(),
  // Serves the local issuer's JWKS for publisher tokens (see localIssuer.ts); local only.
  () => localIssuer(),
];
