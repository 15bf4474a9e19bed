import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import type { SignedInCustomer } from '../app/auth/customerAuthenticator';
import { withCustomer } from '../app/auth/withCustomer';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { getTestDriveServices } from '../app/testdrive/getTestDriveServices';
import { sessionView } from '../domain/testdrive/TestDriveSession';

/** GET /api/storefront/offers/{listingId}/test-drives/{sessionId}: the customer's own session (404 for anyone else's). */
export async function getTestDrive(request: HttpRequest, customer: SignedInCustomer): Promise<HttpResponseInit> {
  const { sessions } = await getTestDriveServices();
  const session = await sessions.get(request.params.listingId ?? '', request.params.sessionId ?? '');
  if (!session || session.customer.customerId !== customer.customerId) throw new AppError('notFound', 'There is no such test drive session of yours.');
  return jsonResponse(200, sessionView(session));
}

app.http('getTestDrive', {
  route: 'storefront/offers/{listingId}/test-drives/{sessionId}',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withCustomer(getTestDrive),
});
