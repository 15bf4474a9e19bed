import type { ConnectionPolicy, PluginConfig, RetryOptions } from '@azure/cosmos';
import { cosmosSafeRetryPlugin } from './cosmosSafeRetryPlugin';

/**
 * How the app's Cosmos DB client rides out throttling and slow or lost requests. Every number is a
 * choice, not the SDK's default (9 throttle retries over up to 30 s, 60 s request timeout): an
 * HTTP request of the API must end in seconds, with a 503 and Retry-After if need be, rather than
 * hold its caller (and a Functions worker) for a minute.
 */

/**
 * 429s are retried by the SDK after the service's `x-ms-retry-after-ms`, at most 8 times and while
 * the waits so far add up to less than 4 s; what is still throttled then becomes 503 + Retry-After.
 */
export const cosmosThrottleRetryOptions: RetryOptions = {
  maxRetryAttemptCount: 8,
  maxWaitTimeInSeconds: 4,
};

/**
 * One network attempt may take at most 5 s; a hang then becomes a TimeoutError (503). Point reads
 * and writes take milliseconds and an account-scoped query page well under a second, and Cosmos DB
 * gives up on a request itself after about 5 s (408).
 */
export const cosmosRequestTimeoutMs = 5_000;

export function cosmosConnectionPolicy(options: { singleEndpoint: boolean }): ConnectionPolicy {
  return {
    requestTimeout: cosmosRequestTimeoutMs,
    retryOptions: cosmosThrottleRetryOptions,
    // The stand-in is a single endpoint: no regional endpoints to discover.
    ...(options.singleEndpoint && { enableEndpointDiscovery: false }),
  };
}

/** Retries what the SDK does not, where it is safe (cosmosSafeRetryPlugin.ts). */
export const cosmosPlugins: PluginConfig[] = [{ on: 'request', plugin: cosmosSafeRetryPlugin }];
