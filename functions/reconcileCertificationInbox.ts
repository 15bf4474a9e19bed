import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { deliverCertificationResult } from '../app/publishing/deliverCertificationResult';
import { getPublishingServices } from '../app/publishing/getPublishingServices';
import { appLog } from '../app/telemetry/log';

/**
 * Every minute: delivers the certification callbacks that the inbox holds but that never reached
 * their orchestration (the host stopped between storing and raising, or the instance could not
 * be reached). Delivery is idempotent: the orchestration takes the first result it waits for.
 */
export async function reconcileCertificationInbox(_timer: Timer, context: InvocationContext): Promise<{ delivered: number; pending: number }> {
  const services = await getPublishingServices();
  const client = df.getClient(context);
  let delivered = 0;
  let pending = 0;
  for (const entry of await services.inbox.undelivered(100)) {
    const outcome = await deliverCertificationResult(services, client, entry);
    if (outcome === 'pending') pending++;
    else delivered++;
  }
  if (delivered + pending > 0) appLog(context).info(`certification inbox: ${delivered} settled, ${pending} still pending`);
  return { delivered, pending };
}

app.timer('reconcileCertificationInbox', {
  schedule: '0 */1 * * * *',
  extraInputs: [df.input.durableClient()],
  handler: reconcileCertificationInbox,
});
