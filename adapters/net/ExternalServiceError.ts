/**
 * A call to an external service that did not succeed. `retryable` says whether trying again can
 * help (timeouts, 5xx, 429, connection errors) or not (4xx: the request or its configuration is
 * wrong); orchestrations use it to choose between retrying and recording a failure.
 */
export class ExternalServiceError extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(`${service}: ${message}`);
    this.name = 'ExternalServiceError';
  }

  /** From an HTTP answer that was not a success. */
  static fromStatus(service: string, status: number, detail: string): ExternalServiceError {
    const retryable = status >= 500 || status === 429 || status === 408;
    return new ExternalServiceError(service, `HTTP ${status}: ${detail.slice(0, 500)}`, retryable, status);
  }

  /** From a thrown error (network, timeout, SDK), classified by its HTTP status when it has one. */
  static from(service: string, err: unknown): ExternalServiceError {
    if (err instanceof ExternalServiceError) return err;
    const status = (err as { statusCode?: unknown }).statusCode;
    const message = err instanceof Error ? err.message : String(err);
    if (typeof status === 'number') return ExternalServiceError.fromStatus(service, status, message);
    return new ExternalServiceError(service, message, true);
  }
}
