import type { DeliverableLead } from './deliverableLead';

/**
 * The lead a publisher sends to check a destination's connection: every value starts with
 * MSFT_TEST, as Partner Center's Validate does, so the CRM side can filter it out.
 */
export function testLead(o: {
  leadId: string;
  publisherId: string;
  offerId: string;
  offerTitle: string;
  now: Date;
}): DeliverableLead {
  return {
    leadId: o.leadId,
    publisherId: o.publisherId,
    offerId: o.offerId,
    offerTitle: o.offerTitle,
    source: 'AppSource (SPZA)',
    action: 'PLT',
    customer: {
      firstName: 'MSFT_TEST_FirstName',
      lastName: 'MSFT_TEST_LastName',
      email: 'MSFT_TEST@example.com',
      company: 'MSFT_TEST_Company',
      phone: 'MSFT_TEST_Phone',
      country: 'MSFT_TEST_Country',
      title: 'MSFT_TEST_Title',
    },
    description: 'MSFT_TEST_Description',
    createdAt: o.now.toISOString(),
  };
}
