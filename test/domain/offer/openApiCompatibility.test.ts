import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { createOfferSchema } from '../../../domain/offer/createOffer';
import { sectionStoredSchemas, sectionWriteSchemas } from '../../../domain/offer/sectionSchemas';
import { sectionNames } from '../../../domain/offer/sectionNames';

describe('OpenAPI generation from the domain schemas', () => {
  it('When every write, stored and create schema is registered, then a document is generated with their fields', () => {
    const registry = new OpenAPIRegistry();
    registry.register('CreateOffer', createOfferSchema);
    for (const name of sectionNames) {
      registry.register(`${name}-write`, sectionWriteSchemas[name]);
      registry.register(`${name}-stored`, sectionStoredSchemas[name]);
    }
    const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
    });
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toHaveLength(1 + 2 * sectionNames.length);
    const listing = schemas['listing-write'] as {
      properties: Record<string, { maxLength?: number }>;
      additionalProperties?: boolean;
    };
    expect(listing.properties.name?.maxLength).toBe(50);
    expect(listing.additionalProperties).toBe(false);
    const setupStored = JSON.stringify(schemas['test-drive-stored']);
    expect(setupStored).toContain('appClientSecretSet');
    expect(setupStored).not.toContain('"appClientSecret"');
  });
});
