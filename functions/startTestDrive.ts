import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { SignedInCustomer } from '../app/auth/customerAuthenticator';
import { withCustomer } from '../app/auth/withCustomer';
import { getConfig } from '../app/config';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readJsonBody } from '../app/http/readJsonBody';
import { sessionPath, startTestDrive as start } from '../app/testdrive/startTestDrive';
import { testDriveRequestSchema } from '../domain/leads/contactRequest';
import { parseWith } from '../domain/offer/parseWith';
import { sessionView } from '../domain/testdrive/TestDriveSession';

/**
 * POST /api/storefront/offers/{listingId}/test-drives[?hideKey=]: starts a test drive for the
 * signed-in customer. 202 with the session and its status URL (Location); 429 with Retry-After
 * when every slot is in use; 409 when the offer has no test drive or the customer already has
 * one running.
 */
export async function startTestDrive(request: HttpRequest, customer: SignedInCustomer, context: InvocationContext): Promise<HttpResponseInit> {
  const listingId = request.params.listingId ?? '';
  const raw = request.headers.get('content-length') === '0' || !request.headers.get('content-type') ? {} : await readJsonBody(request, getConfig().HTTP_MAX_BODY_BYTES);
  const parsed = parseWith(testDriveRequestSchema, raw ?? {});
  if (!parsed.ok) throw new AppError('validationFailed', undefined, parsed.issues);
  const session = await start(df.getClient(context), {
    listingId,
    hideKey: request.query.get('hideKey'),
    customer,
    body: parsed.value,
    now: new Date(),
  });
  const statusUrl = sessionPath(session.listingId, session.sessionId);
  return jsonResponse(202, { ...sessionView(session), statusUrl, endUrl: `${statusUrl}/end` }, { location: statusUrl });
}

app.http('startTestDrive', {
  route: 'storefront/offers/{listingId}/test-drives',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withCustomer(startTestDrive),
});
