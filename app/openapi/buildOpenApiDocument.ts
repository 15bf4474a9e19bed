import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from '../../domain/offer/zod';
import { appErrorKinds } from '../http/AppError';
import { createOfferSchema } from '../../domain/offer/createOffer';
import { sectionNames, type SectionName } from '../../domain/offer/sectionNames';
import { sectionStoredSchemas, sectionWriteSchemas } from '../../domain/offer/sectionSchemas';
import { offerStates } from '../../domain/authoring/offerStore';
import { pageQueryFields } from './pageQuery';
import { registerPublishingPaths } from './registerPublishingPaths';
import { registerTestDrivePaths } from './registerTestDrivePaths';

/**
 * The OpenAPI 3.1 document of the publisher API, generated from the same zod schemas that validate
 * requests (offer creation, each section's write schema) and describe stored sections. Response
 * envelopes are described here with zod too, next to the paths that return them.
 */
export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Microsoft Entra ID access token (locally: `npm run token -- --account <id> --user <id>`). The publisher account comes from the claim named by AUTH_ACCOUNT_CLAIM.',
  });
  const security = [{ [bearer.name]: [] }];

  const fieldIssue = registry.register(
    'FieldIssue',
    z.object({
      pointer: z.string().describe('RFC 6901 JSON pointer into the request body (or the section value)'),
      code: z.string().describe('Stable machine-readable code, e.g. required, tooLong, notInList, unknownField, readOnly'),
      message: z.string(),
    }),
  );
  const problem = registry.register(
    'Problem',
    z
      .object({
        type: z.string(),
        title: z.string(),
        status: z.number().int(),
        code: z.enum(Object.keys(appErrorKinds) as [string, ...string[]]),
        detail: z.string(),
        instance: z.string().optional(),
        errors: z.array(fieldIssue),
      })
      .describe('RFC 9457 problem details with one entry per failing field'),
  );
  const problemResponse = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: problem } },
  });
  const etagHeader = z.string().describe('Version of the representation; send it back as If-Match to write');
  const ifMatch = z.object({
    'if-match': z.string().describe('The ETag of the version you read (required: 428 without it, 412 when stale)'),
  });
  const offerIdParam = z.object({ offerId: z.string().describe('Offer id (unique in the account)') });
  const common = {
    401: problemResponse('Missing, expired or invalid bearer token (WWW-Authenticate says why)'),
    404: problemResponse("No such offer in the caller's account (another account's offer answers the same)"),
  };

  const liveVersion = z.object({ submissionId: z.string(), wentLiveAt: z.string() }).nullable();
  const offerListItem = registry.register(
    'OfferListItem',
    z.object({
      offerId: z.string(),
      alias: z.string(),
      state: z.enum(offerStates),
      createdAt: z.string(),
      live: liveVersion,
    }),
  );
  const statusEnum = z.enum(['notStarted', 'incomplete', 'complete', 'notRequired']);
  const offerSummary = registry.register(
    'OfferSummary',
    offerListItem.extend({
      createdBy: z.string(),
      lastModifiedAt: z.string(),
      readyToSubmit: z.boolean(),
      sections: z.array(
        z.object({
          section: z.enum(sectionNames),
          status: statusEnum,
          failingFieldCount: z.number().int(),
          revision: z.number().int(),
          updatedAt: z.string().nullable(),
          updatedBy: z.string().nullable(),
        }),
      ),
    }),
  );
  const review = registry.register(
    'OfferReview',
    z.object({
      offerId: z.string(),
      alias: z.string(),
      readyToSubmit: z.boolean(),
      sections: z.array(
        z.object({
          section: z.enum(sectionNames),
          status: statusEnum,
          failingFields: z.array(fieldIssue),
          notes: z.array(fieldIssue).optional(),
        }),
      ),
      submissions: z.array(z.unknown()),
    }),
  );

  registry.registerPath({
    method: 'post',
    path: '/api/offers',
    summary: 'Create an offer',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: createOfferSchema } } } },
    responses: {
      201: {
        description: 'Created; Location names the offer',
        headers: z.object({ etag: etagHeader, location: z.string() }),
        content: { 'application/json': { schema: offerSummary } },
      },
      400: problemResponse('A field is malformed (field errors)'),
      401: common[401],
      409: problemResponse('The offer id is already used in this account'),
      413: problemResponse('Body over HTTP_MAX_BODY_BYTES'),
      415: problemResponse('Body is not application/json'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers',
    summary: "List the account's offers, newest first",
    security,
    request: {
      query: z.object({
        state: z.enum(offerStates).optional(),
        ...pageQueryFields,
      }),
    },
    responses: {
      200: {
        description: 'One page; continuationToken is absent on the last page',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(offerListItem),
              continuationToken: z.string().optional(),
              nextLink: z.string().optional(),
            }),
          },
        },
      },
      400: problemResponse('A query parameter is invalid'),
      401: common[401],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}',
    summary: 'Get the draft summary of an offer',
    security,
    request: { params: offerIdParam },
    responses: {
      200: {
        description: 'Summary with every section status and the live version if any',
        headers: z.object({ etag: etagHeader }),
        content: { 'application/json': { schema: offerSummary } },
      },
      ...common,
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/offers/{offerId}',
    summary: 'Delete an offer that was never published',
    security,
    request: { params: offerIdParam, headers: ifMatch },
    responses: {
      204: { description: 'Deleted with its sections, history and secrets' },
      ...common,
      409: problemResponse('The offer has been published'),
      412: problemResponse('The offer changed since it was read'),
      428: problemResponse('If-Match is missing'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/offers/{offerId}/review',
    summary: "Every section's status and failing fields",
    security,
    request: { params: offerIdParam },
    responses: { 200: { description: 'Review page', content: { 'application/json': { schema: review } } }, ...common },
  });

  for (const section of sectionNames) registerSection(registry, section, { security, fieldIssue, problemResponse, etagHeader, ifMatch, common, statusEnum });

  registerPublishingPaths(registry, { security, problemResponse, common });
  registerTestDrivePaths(registry, { security, problemResponse, common, etagHeader, ifMatch });

  registry.registerPath({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/docs',
    summary: 'API reference page (HTML) rendered from this document',
    responses: { 200: { description: 'HTML page' } },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Marketplace publishing: publisher API',
      version: '1.0.0',
      description:
        'Author Dynamics 365 Customer Engagement & Power Apps offers: create an offer, fill its sections in any order (incomplete saves are fine), review what is missing. Every read returns an ETag; every write requires If-Match. Errors are RFC 9457 problem details with one entry per failing field.',
    },
  });
}

interface SectionParts {
  security: { [name: string]: string[] }[];
  fieldIssue: z.ZodType;
  problemResponse: (description: string) => object;
  etagHeader: z.ZodString;
  ifMatch: z.ZodObject;
  common: Record<401 | 404, object>;
  statusEnum: z.ZodType;
}

function registerSection(registry: OpenAPIRegistry, section: SectionName, parts: SectionParts): void {
  const name = pascal(section);
  const write = registry.register(`${name}Write`, sectionWriteSchemas[section] as z.ZodType);
  const stored = registry.register(`${name}Stored`, sectionStoredSchemas[section] as z.ZodType);
  const view = registry.register(
    `${name}Section`,
    z.object({
      offerId: z.string(),
      section: z.literal(section),
      status: parts.statusEnum,
      failingFields: z.array(parts.fieldIssue),
      revision: z.number().int().describe('Number of saves; 0 before the first'),
      updatedAt: z.string().nullable(),
      updatedBy: z.string().nullable(),
      value: stored.nullable().describe('Stored value; secrets appear only as <field>Set: true'),
    }),
  );
  const params = z.object({ offerId: z.string() });
  const path = `/api/offers/{offerId}/sections/${section}`;
  const ok = (description: string) => ({
    description,
    headers: z.object({ etag: parts.etagHeader }),
    content: { 'application/json': { schema: view } },
  });
  registry.registerPath({
    method: 'get',
    path,
    tags: ['sections'],
    summary: `Read the ${section} section`,
    security: parts.security,
    request: { params },
    responses: { 200: ok('The section with its status'), ...parts.common },
  });
  registry.registerPath({
    method: 'put',
    path,
    tags: ['sections'],
    summary: `Replace the ${section} section`,
    description:
      'Incomplete values are saved (the status lists what is missing); malformed values are refused with one error per field and nothing is stored. Unknown and server-owned fields are refused. Secrets are write-only; omit one to keep the stored value.',
    security: parts.security,
    request: { params, headers: parts.ifMatch, body: { required: true, content: { 'application/json': { schema: write } } } },
    responses: {
      200: ok('Saved; the new ETag and status'),
      400: parts.problemResponse('Malformed, unknown or server-owned fields'),
      ...parts.common,
      412: parts.problemResponse('The section changed since it was read'),
      413: parts.problemResponse('Body over HTTP_MAX_BODY_BYTES'),
      415: parts.problemResponse('Body is not application/json'),
      428: parts.problemResponse('If-Match is missing'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: `${path}/history`,
    tags: ['sections'],
    summary: `Saves of the ${section} section, newest first`,
    security: parts.security,
    request: {
      params,
      query: z.object({ pageSize: z.number().int().optional(), continuationToken: z.string().optional() }),
    },
    responses: {
      200: {
        description: 'One page of history',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                z.object({
                  section: z.literal(section),
                  revision: z.number().int(),
                  savedAt: z.string(),
                  savedBy: z.string(),
                  changedFields: z.array(z.string()).describe('JSON pointers of changed values'),
                  value: stored,
                }),
              ),
              continuationToken: z.string().optional(),
            }),
          },
        },
      },
      ...parts.common,
    },
  });
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
