import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { Publisher } from '../app/auth/Publisher';
import { withPublisher } from '../app/auth/withPublisher';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { publisherListing, publisherSessionView } from '../app/testdrive/publisherTestDrive';
import { appLog } from '../app/telemetry/log';
import { endEvent, testDriveInstanceId, type EndEventData } from '../orchestrations/testDriveSession';

/**
 * POST /api/offers/{offerId}/test-drive/sessions/{sessionId}/end: the publisher ends a session
 * early. The session's orchestration gets the same `end` event as the customer's early end (with
 * `by: "publisher"`): deprovision, free the slot, "ended" e-mail, `endReason: "publisher"`. 202 with
 * the session; repeating it, or ending a session that has already ended, is harmless (202).
 * 404 for a session of another offer or account.
 */
export async function endTestDriveSession(
  request: HttpRequest,
  publisher: Publisher,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const listingId = await publisherListing(publisher, request.params.offerId ?? '');
  const { sessions } = await getTestDriveServices();
  const session = await sessions.get(listingId, request.params.sessionId ?? '');
  if (!session || session.listingId !== listingId)
    throw new AppError('notFound', 'There is no such test drive session of this offer.');
  if (session.status === 'provisioning' || session.status === 'active') {
    const data: EndEventData = { by: 'publisher' };
    try {
      await df.getClient(context).raiseEvent(testDriveInstanceId(session.sessionId), endEvent, data);
    } catch (err) {
      // The session's instance is gone (lost): the sweeper ends such sessions; nothing to tell here.
      appLog(context).warn(
        `end by publisher: session ${session.sessionId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return jsonResponse(202, publisherSessionView(session));
}

app.http('endTestDriveSession', {
  route: 'offers/{offerId}/test-drive/sessions/{sessionId}/end',
  methods: ['POST'],
  authLevel: 'anonymous',
  extraInputs: [df.input.durableClient()],
  handler: withPublisher(endTestDriveSession),
});
