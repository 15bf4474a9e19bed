import { hostUrl } from '../../support/stack';

describe('OpenAPI document and reference page', () => {
  it('When the document is fetched, then it is OpenAPI 3.1 with every authoring path and the section write schemas', async () => {
    const res = await fetch(hostUrl('/api/openapi.json'));
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, any> } };

    expect(res.status).toBe(200);
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/offers',
      '/api/offers/{offerId}',
      '/api/offers/{offerId}/review',
      '/api/offers/{offerId}/sections/listing',
      '/api/offers/{offerId}/sections/test-drive/history',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.components.schemas.ListingWrite.properties.name.maxLength).toBe(50);
    expect(doc.components.schemas.ListingWrite.additionalProperties).toBe(false);
  });

  it('When the reference page is fetched, then it is self-contained HTML listing the operations', async () => {
    const res = await fetch(hostUrl('/api/docs'));
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('PUT</span> <code>/api/offers/{offerId}/sections/listing</code>');
    expect(html).not.toMatch(/<script|https?:\/\/cdn/);
  });
});
