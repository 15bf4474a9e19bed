import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Publisher } from '../auth/Publisher';
import { AppError } from '../http/AppError';
import { problemResponse } from '../http/problemResponse';
import { toAppError } from '../http/toAppError';
import { transientCosmosFailure } from '../../adapters/cosmos/transientCosmosFailure';
import {
  decideIdempotency,
  idempotencyKeyPattern,
  idempotencyRenewSeconds,
  requestFingerprint,
  type IdempotencyRecord,
  type StoredResponse,
} from '../../domain/publishing/idempotency';
import { getPublishingServices } from './getPublishingServices';

/**
 * Runs a POST under the request's `Idempotency-Key` (when it has one): the first response is
 * stored and replayed to retries with the same body (marked `Idempotency-Replayed: true`); the
 * same key with another body is 422, while the first is still running 409. Client errors are
 * stored and replayed too (the request would fail the same way); a 5xx or a 429 (try again
 * later: nothing was done) releases the key so a retry runs again. `owner.accountId` is the
 * partition the key is scoped to: a publisher account, or a customer's own scope.
 */
export async function withIdempotencyKey(
  request: HttpRequest,
  owner: Pick<Publisher, 'accountId'>,
  operation: string,
  body: unknown,
  run: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  const key = request.headers.get('idempotency-key');
  if (key === null) return run();
  if (!idempotencyKeyPattern.test(key)) {
    throw new AppError('validationFailed', 'Idempotency-Key must be 1-255 printable ASCII characters.', [
      { pointer: '', code: 'invalidIdempotencyKey', message: 'Idempotency-Key must be 1-255 printable ASCII characters' },
    ]);
  }
  const { idempotency } = await getPublishingServices();
  const target = new URL(request.url).pathname;
  const record: IdempotencyRecord = {
    accountId: owner.accountId,
    scopedKey: `${operation} ${key}`,
    fingerprint: requestFingerprint(operation, target, body),
    createdAt: new Date().toISOString(),
    claimToken: randomUUID(),
  };
  const claim = await idempotency.claim(record);
  let etag: string;
  if ('claimed' in claim) {
    etag = claim.etag;
  } else {
    const decision = decideIdempotency(claim.existing, record.fingerprint, new Date());
    if (decision.kind === 'mismatch')
      throw new AppError('idempotencyKeyReused', 'This Idempotency-Key was first used with a different request body.');
    if (decision.kind === 'inProgress') throw keyInUse();
    if (decision.kind === 'replay') {
      return {
        status: decision.response.status,
        headers: { ...decision.response.headers, 'Idempotency-Replayed': 'true' },
        jsonBody: decision.response.body,
      };
    }
    const taken = await idempotency.takeOver(record, claim.etag);
    if (taken === undefined) throw keyInUse();
    etag = taken;
  }
  /** A release that fails is finished in the background: the key must not stay locked for the retry. */
  const release = async (): Promise<void> => {
    await idempotency.release(record, etag).catch(() => idempotency.settleSoon(record));
  };

  // Renewed while the request runs: a claim stops being renewed only when its process dies, and
  // is then taken over after idempotencyLockSeconds, however long live requests take.
  let renewal = Promise.resolve();
  const renewer = setInterval(() => {
    renewal = renewal.then(async () => {
      const renewed = await idempotency.renew(record, etag, new Date()).catch(() => etag);
      if (renewed !== undefined) etag = renewed;
    });
  }, idempotencyRenewSeconds * 1000);
  const ran = async (): Promise<HttpResponseInit> => {
    try {
      return await run();
    } finally {
      clearInterval(renewer);
      await renewal;
    }
  };

  let response: HttpResponseInit;
  try {
    response = await ran();
  } catch (caught) {
    const known = toAppError(caught);
    if (known === undefined || releases(known.status)) {
      await release();
      throw caught;
    }
    response = problemResponse(known, target);
  }
  const status = response.status ?? 200;
  if (releases(status)) {
    await release();
    return response;
  }
  const stored: StoredResponse = {
    status,
    headers: Object.fromEntries(Object.entries((response.headers ?? {}) as Record<string, string>)),
    body: response.jsonBody ?? null,
  };
  try {
    await idempotency.complete(record, etag, stored);
  } catch (caught) {
    // The request itself succeeded: answer it, and store the response for retries in the background.
    if (transientCosmosFailure(caught) === undefined) throw caught;
    idempotency.settleSoon(record, stored);
  }
  return response;
}

function keyInUse(): AppError {
  return new AppError('idempotencyKeyInUse', 'The first request with this Idempotency-Key is still being processed; retry later.', [], {
    'Retry-After': '1',
  });
}

/** Answers a retry should not get replayed: server failures and "too many requests, come back later". */
function releases(status: number): boolean {
  return status >= 500 || status === 429;
}
