import { leadSource, type DeliverableLead } from './deliverableLead';

/** The JSON an HTTPS endpoint (Power Automate trigger) receives: the documented schema. */
export interface HttpsEndpointPayload {
  ActionCode: string;
  OfferTitle: string;
  LeadSource: string;
  Description?: string;
  UserDetails: {
    Company: string;
    Country: string;
    Email: string;
    FirstName: string;
    LastName: string;
    Phone: string;
    Title: string;
  };
}

export function httpsEndpointPayload(lead: DeliverableLead): HttpsEndpointPayload {
  const c = lead.customer;
  return {
    ActionCode: lead.action,
    OfferTitle: lead.offerTitle,
    LeadSource: leadSource(lead),
    ...(lead.description !== undefined ? { Description: lead.description } : {}),
    UserDetails: {
      Company: c.company ?? '',
      Country: c.country ?? '',
      Email: c.email,
      FirstName: c.firstName,
      LastName: c.lastName,
      Phone: c.phone ?? '',
      Title: c.title ?? '',
    },
  };
}
