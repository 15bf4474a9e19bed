import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from '../../domain/offer/zod';
import { testDriveOverridesSchema } from '../../domain/testdrive/testDriveOverrides';
import { pageQueryFields } from './pageQuery';

interface Parts {
  security: { [name: string]: string[] }[];
  problemResponse: (description: string) => object;
  common: Record<401 | 404, object>;
  etagHeader: z.ZodString;
  ifMatch: z.ZodObject;
}

/**
 * The publisher's test drive operations in the OpenAPI document: capacity overrides without a new
 * submission, the offer's active sessions, ending one. Request and response bodies are the zod
 * schemas of the domain (overrides) or described here.
 */
export function registerTestDrivePaths(registry: OpenAPIRegistry, parts: Parts): void {
  const { security, problemResponse, common, etagHeader, ifMatch } = parts;
  const offer = { offerId: z.string().describe('Offer id (unique in the account)') };
  const overridesWrite = registry.register('TestDriveOverridesWrite', testDriveOverridesSchema);
  const capacity = z.object({
    maxConcurrent: z.number().int().optional(),
    instances: z.object({ hot: z.number().int(), cold: z.number().int() }).optional(),
  });
  const overridesView = registry.register(
    'TestDriveOverrides',
    z.object({
      offerId: z.string(),
      type: z.string().describe('setup.testDrive.type of the published version'),
      submissionId: z
        .string()
        .describe('The published version (live, else preview) the values are read from'),
      visibility: z.enum(['live', 'preview']),
      published: capacity.describe('As published in the version'),
      overrides: overridesWrite.describe("The publisher's overrides ({} = none)"),
      effective: capacity.describe('What new sessions get'),
      revision: z.number().int().describe('Number of saves; 0 before the first'),
      updatedAt: z.string().nullable(),
      updatedBy: z.string().nullable(),
    }),
  );
  const session = registry.register(
    'PublisherTestDriveSession',
    z.object({
      sessionId: z.string(),
      status: z.enum(['provisioning', 'active', 'ending', 'ended', 'failed']),
      type: z.string(),
      region: z.string().optional().describe('ARM: the region'),
      customerEmail: z.string(),
      requestedAt: z.string(),
      startedAt: z.string().optional(),
      endsAt: z.string().optional(),
      endedAt: z.string().optional(),
      endReason: z.string().optional(),
      submissionId: z.string(),
    }),
  );
  const unavailable = problemResponse('The offer has no live or preview version with a test drive');

  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/test-drive/overrides',
    tags: ['test drives'],
    summary: 'Capacity of the published test drive: as published, overridden, effective',
    security,
    request: { params: z.object(offer) },
    responses: {
      200: {
        description: 'The overrides with their ETag (send it as If-Match to change them)',
        headers: z.object({ etag: etagHeader }),
        content: { 'application/json': { schema: overridesView } },
      },
      ...common,
      409: unavailable,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/offers/{offerId}/test-drive/overrides',
    tags: ['test drives'],
    summary: 'Change hot/cold instances (ARM) or maxConcurrent without a new submission',
    description:
      'Replaces the overrides ({} = back to the published values). Only the fields of the published test drive type are accepted; hot <= cold. Applies to new sessions: a lower limit ends no session, new starts are refused until the offer is under it.',
    security,
    request: {
      params: z.object(offer),
      headers: ifMatch,
      body: { required: true, content: { 'application/json': { schema: overridesWrite } } },
    },
    responses: {
      200: {
        description: 'Saved; the new ETag',
        headers: z.object({ etag: etagHeader }),
        content: { 'application/json': { schema: overridesView } },
      },
      400: problemResponse('A field is malformed or not one of the test drive type (one entry per field)'),
      ...common,
      409: unavailable,
      412: problemResponse('The overrides changed since they were read'),
      413: problemResponse('Body over HTTP_MAX_BODY_BYTES'),
      415: problemResponse('Body is not application/json'),
      428: problemResponse('If-Match is missing'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/test-drive/sessions',
    tags: ['test drives'],
    summary: "The offer's sessions that have not ended, oldest first (no access details)",
    security,
    request: {
      params: z.object(offer),
      query: z.object({
        ...pageQueryFields,
      }),
    },
    responses: {
      200: {
        description: 'One page; continuationToken is absent on the last page',
        content: {
          'application/json': {
            schema: z.object({ items: z.array(session), continuationToken: z.string().optional() }),
          },
        },
      },
      400: problemResponse('A query parameter is invalid'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/test-drive/sessions/{sessionId}/end',
    tags: ['test drives'],
    summary: 'End a session now (deprovisioned, the customer is e-mailed; endReason publisher)',
    security,
    request: { params: z.object({ ...offer, sessionId: z.string().describe('Test drive session id') }) },
    responses: {
      202: {
        description: 'Ending (repeating it, or ending a session that has ended, answers the same)',
        content: { 'application/json': { schema: session } },
      },
      ...common,
    },
  });
}
