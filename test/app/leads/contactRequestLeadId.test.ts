import { contactRequestLeadId } from '../../../app/leads/contactRequestLeadId';

describe('contactRequestLeadId', () => {
  it('When the same customer, offer and key are given again, then the same UUID-shaped id comes back', () => {
    const id = contactRequestLeadId('customer-1', 'acct.offer', 'key-1');
    expect(contactRequestLeadId('customer-1', 'acct.offer', 'key-1')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('When the customer, the offer or the key differs, then the id differs', () => {
    const id = contactRequestLeadId('customer-1', 'acct.offer', 'key-1');
    expect(contactRequestLeadId('customer-2', 'acct.offer', 'key-1')).not.toBe(id);
    expect(contactRequestLeadId('customer-1', 'acct.other', 'key-1')).not.toBe(id);
    expect(contactRequestLeadId('customer-1', 'acct.offer', 'key-2')).not.toBe(id);
  });
});
