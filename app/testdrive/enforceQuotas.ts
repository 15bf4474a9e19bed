import type { QuotaRule } from '../../domain/testdrive/quota';
import { describeRate } from '../../domain/testdrive/quota';
import type { QuotaTicket } from '../../domain/testdrive/quotaStore';
import { getConfig } from '../config';
import { AppError } from '../http/AppError';
import { getTestDriveServices } from './getTestDriveServices';

/** Paid work under quota: each kind has a per-customer and a per-offer rate (app/config.ts). */
export type QuotaWork = 'testDriveStarts' | 'contactRequests';

/** The rules of a kind of work, by the names the 429 answers use. */
export function quotaRules(work: QuotaWork): { perCustomer: QuotaRule; perOffer: QuotaRule } {
  const config = getConfig();
  const [customer, offer] =
    work === 'testDriveStarts'
      ? [config.QUOTA_TEST_DRIVE_STARTS_PER_CUSTOMER, config.QUOTA_TEST_DRIVE_STARTS_PER_OFFER]
      : [config.QUOTA_CONTACT_REQUESTS_PER_CUSTOMER, config.QUOTA_CONTACT_REQUESTS_PER_OFFER];
  return {
    perCustomer: { name: `${work}PerCustomer`, ...customer },
    perOffer: { name: `${work}PerOffer`, ...offer },
  };
}

/**
 * Counts one unit of `work` for the customer (across offers) and for the offer, or answers
 * 429 `quotaExceeded` with Retry-After and the quota's name (detail and `errors[0].code`). The
 * customer's quota is checked first, so one customer hammering an offer uses up their own quota,
 * not the offer's. Returns `refund`, to give both admissions back when the request is then refused
 * for another reason (no paid work was done).
 */
export async function enforceQuotas(
  work: QuotaWork,
  who: { customerId: string; listingId: string },
  nowMs: number,
): Promise<{ refund: () => Promise<void> }> {
  const { quotas } = await getTestDriveServices();
  const rules = quotaRules(work);
  const tickets: QuotaTicket[] = [];
  const refund = async (): Promise<void> => {
    await Promise.all(tickets.map((t) => quotas.refund(t)));
  };
  const steps: [QuotaRule, string][] = [
    [rules.perCustomer, `${work}:customer:${who.customerId}`],
    [rules.perOffer, `${work}:offer:${who.listingId}`],
  ];
  for (const [rule, key] of steps) {
    const admission = await quotas.admit(key, rule, nowMs);
    if (!admission.admitted) {
      await refund();
      const scope = rule === rules.perCustomer ? 'for you' : 'for this offer';
      const message = `${rule.name}: at most ${describeRate(rule)} ${scope}; try again in ${admission.retryAfterSeconds} s`;
      throw new AppError('quotaExceeded', `Quota ${message}.`, [{ pointer: '', code: rule.name, message }], {
        'Retry-After': String(admission.retryAfterSeconds),
      });
    }
    tickets.push(admission.ticket);
  }
  return { refund };
}
