import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { SignedInCustomer } from '../app/auth/customerAuthenticator';
import { withCustomer } from '../app/auth/withCustomer';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { launchSession } from '../app/testdrive/launchSession';
import { sessionView } from '../domain/testdrive/TestDriveSession';
import { endEvent, testDriveInstanceId, type EndEventData } from '../orchestrations/testDriveSession';

/**
 * POST /api/storefront/offers/{listingId}/test-drives/{sessionId}/end: the customer ends the
 * session early. 202: the orchestration deprovisions and frees the slot; the session's status
 * URL shows `ending`, then `ended`. A session still provisioning stays `provisioning` until
 * provisioning returns and then ends without being given access (no access e-mail). Repeating
 * it is harmless.
 */
export async function endTestDrive(request: HttpRequest, customer: SignedInCustomer, context: InvocationContext): Promise<HttpResponseInit> {
  const { sessions } = await getTestDriveServices();
  const session = await sessions.get(request.params.listingId ?? '', request.params.sessionId ?? '');
  if (!session || session.customer.customerId !== customer.customerId) throw new AppError('notFound', 'There is no such test drive session of yours.');
  if (session.status === 'ended' || session.status === 'failed') throw new AppError('testDriveEnded', `Session ${session.sessionId} is ${session.status}.`);
  const data: EndEventData = { by: 'customer' };
  const client = df.getClient(context);
  // A start cut short has no orchestration to tell yet: finish the start first (the orchestration
  // listens for `end` from its first step, so it then deprovisions as soon as provisioning returns).
  await launchSession(client, session, true);
  await client.raiseEvent(testDriveInstanceId(session.sessionId), endEvent, data);
  return jsonResponse(202, sessionView(session));
}

app.http('endTestDrive', {
  route: 'storefront/offers/{listingId}/test-drives/{sessionId}/end',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withCustomer(endTestDrive),
});
