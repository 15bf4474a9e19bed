import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from '../../domain/offer/zod';
import { assetSlotNames } from '../../domain/assets/assetSlots';

interface Parts {
  security: { [name: string]: string[] }[];
  problemResponse: (description: string) => object;
  common: Record<401 | 404, object>;
}

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
});

/**
 * The publisher operations beyond authoring (assets, publishing, leads) in the OpenAPI document.
 * Every route a publisher can call is listed here or in buildOpenApiDocument, so that clients and
 * the isolation tests (which read this document) see all of them. Response bodies are described
 * loosely; their shapes are in docs/assets.md and the publishing and lead docs.
 */
export function registerPublishingPaths(registry: OpenAPIRegistry, parts: Parts): void {
  const { security, problemResponse, common } = parts;
  const offer = { offerId: z.string().describe('Offer id (unique in the account)') };
  const submission = { ...offer, submissionId: z.string().describe('Submission id') };
  const idempotencyKey = z.object({
    'idempotency-key': z
      .string()
      .optional()
      .describe('A retried request with the same key returns the first answer'),
  });

  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/assets/uploads',
    tags: ['assets'],
    summary: 'Start an upload: a write-only SAS URL for one file of a slot',
    security,
    request: {
      params: z.object(offer),
      body: {
        required: true,
        content: { 'application/json': { schema: z.strictObject({ slot: z.enum(assetSlotNames) }) } },
      },
    },
    responses: {
      201: json('uploadId, slot, uploadUrl, expiresAt, maxBytes'),
      400: problemResponse('Unknown slot'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/assets',
    tags: ['assets'],
    summary: 'Commit an uploaded file after its content checks',
    security,
    request: {
      params: z.object(offer),
      body: {
        required: true,
        content: { 'application/json': { schema: z.strictObject({ uploadId: z.string() }) } },
      },
    },
    responses: {
      201: json('The committed asset with a read URL'),
      400: problemResponse('The file is refused (errors[0].pointer is /file)'),
      ...common,
    },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/offers/{offerId}/assets/direct/{slot}',
    tags: ['assets'],
    summary: 'Upload and commit a small file (up to 4 MiB) in one call',
    security,
    request: {
      params: z.object({ ...offer, slot: z.enum(assetSlotNames) }),
      body: {
        required: true,
        content: { 'application/octet-stream': { schema: z.string().describe('The file') } },
      },
    },
    responses: {
      201: json('The committed asset with a read URL'),
      400: problemResponse('The file is refused'),
      ...common,
      413: problemResponse('Over 4 MiB'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/assets/{assetId}',
    tags: ['assets'],
    summary: 'Asset metadata and a 15-minute read URL',
    security,
    request: { params: z.object({ ...offer, assetId: z.string() }) },
    responses: { 200: json('Asset metadata'), ...common },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/preflight',
    tags: ['publishing'],
    summary: 'Check whether the draft could be submitted now (nothing is stored)',
    security,
    request: { params: z.object(offer) },
    responses: { 200: json('The checks and their results'), ...common },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/diff',
    tags: ['publishing'],
    summary: 'What the draft changes against the live version',
    security,
    request: { params: z.object(offer) },
    responses: { 200: json('Changed fields per section'), ...common },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/submissions',
    tags: ['publishing'],
    summary: 'Submit the draft: freeze it and start the publish pipeline',
    security,
    request: {
      params: z.object(offer),
      headers: idempotencyKey,
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({ notesForCertification: z.string().max(10_000).optional() }),
          },
        },
      },
    },
    responses: {
      202: json('The submission; Location is its status URL'),
      400: problemResponse('Malformed body'),
      ...common,
      409: problemResponse('Another submission is in flight'),
      422: problemResponse('The offer is not ready (every incomplete field)'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/submissions',
    tags: ['publishing'],
    summary: "The offer's submissions, newest first",
    security,
    request: { params: z.object(offer) },
    responses: { 200: json('Submissions'), ...common },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/submissions/{submissionId}',
    tags: ['publishing'],
    summary: 'One submission with its state and timeline',
    security,
    request: { params: z.object(submission) },
    responses: { 200: json('The submission'), ...common },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/submissions/{submissionId}/go-live',
    tags: ['publishing'],
    summary: 'Take a submission in preview live',
    security,
    request: { params: z.object(submission) },
    responses: { 202: json('The submission'), ...common, 409: problemResponse('Not in preview') },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/submissions/{submissionId}/cancel',
    tags: ['publishing'],
    summary: 'Cancel a submission in flight',
    security,
    request: { params: z.object(submission) },
    responses: {
      200: json('The submission'),
      ...common,
      409: problemResponse('The submission can no longer be cancelled'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/versions',
    tags: ['publishing'],
    summary: 'Every version that was live, oldest first, the current one marked',
    security,
    request: { params: z.object(offer) },
    responses: { 200: json('The versions'), ...common },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/versions/{from}/diff/{to}',
    tags: ['publishing'],
    summary: 'The difference between two live versions, section by section',
    security,
    request: {
      params: z.object({
        ...offer,
        from: z.string().describe('Version number'),
        to: z.string().describe('Version number'),
      }),
    },
    responses: { 200: json('Changed fields per section'), ...common },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/rollback',
    tags: ['publishing'],
    summary: 'Re-publish the previous live version (already certified: straight to preview, then Go-live)',
    security,
    request: { params: z.object(offer) },
    responses: {
      202: json('The rollback submission; Location is its status URL'),
      ...common,
      409: problemResponse('No earlier live version, or a submission is in flight'),
      422: problemResponse('The earlier version no longer passes the automated checks'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/leads',
    tags: ['leads'],
    summary: "The offer's leads, newest first, with their delivery status",
    security,
    request: {
      params: z.object(offer),
      query: z.object({
        status: z.string().optional(),
        pageSize: z.number().int().optional(),
        continuationToken: z.string().optional(),
      }),
    },
    responses: { 200: json('One page of leads'), ...common },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/leads/{leadId}/redeliver',
    tags: ['leads'],
    summary: 'Deliver an undelivered lead again (with the current destination secrets)',
    security,
    request: { params: z.object({ ...offer, leadId: z.string() }) },
    responses: {
      202: json('The lead'),
      ...common,
      409: problemResponse('The lead is still being delivered'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/offers/{offerId}/leads/test',
    tags: ['leads'],
    summary:
      "Send a test lead (MSFT_TEST values) to the draft's lead destination and report the outcome (nothing stored)",
    security,
    request: { params: z.object(offer) },
    responses: {
      200: json('{delivered, destination, leadId, reference?} or {delivered: false, error, retryable}'),
      ...common,
      409: problemResponse('The offer has no lead destination'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/leads/signing-secret',
    tags: ['leads'],
    summary:
      'The Standard Webhooks secret that signs leads sent to the HTTPS endpoint (derived from the stored URL)',
    security,
    request: { params: z.object(offer) },
    responses: {
      200: json('{destination, scheme, signingSecret}'),
      ...common,
      409: problemResponse('The destination is not an HTTPS endpoint with a stored URL'),
    },
  });
}
