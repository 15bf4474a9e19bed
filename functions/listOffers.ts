import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { withPublisher } from '../app/auth/withPublisher';
import type { Publisher } from '../app/auth/Publisher';
import { getOfferStore } from '../app/authoring/getOfferStore';
import { AppError } from '../app/http/AppError';
import { jsonResponse } from '../app/http/jsonResponse';
import { readPageRequest } from '../app/http/readPageRequest';
import { representationEtag } from '../app/http/representationEtag';
import { offerStates, type OfferState } from '../domain/authoring/offerStore';
import { offerListItem } from '../domain/authoring/views';

/** GET /api/offers?state=&pageSize=&continuationToken=: the account's offers, newest first. */
export async function listOffers(
  request: HttpRequest,
  publisher: Publisher,
  _context: InvocationContext,
): Promise<HttpResponseInit> {
  const state = readState(request);
  const page = readPageRequest(request);
  const store = await getOfferStore();
  const result = await store.listOffers(publisher.accountId, state === undefined ? {} : { state }, page);
  const body = {
    items: result.items.map(offerListItem),
    ...(result.continuationToken === undefined
      ? {}
      : { continuationToken: result.continuationToken, nextLink: nextLink(request, result.continuationToken) }),
  };
  return jsonResponse(200, body, { etag: representationEtag(body) });
}

function readState(request: HttpRequest): OfferState | undefined {
  const state = request.query.get('state');
  if (state === null) return undefined;
  if (!(offerStates as readonly string[]).includes(state)) {
    throw new AppError('invalidQuery', `state must be one of ${offerStates.join(', ')}.`, [
      { pointer: '/state', code: 'notInList', message: `state must be one of ${offerStates.join(', ')}` },
    ]);
  }
  return state as OfferState;
}

function nextLink(request: HttpRequest, continuationToken: string): string {
  const url = new URL(request.url);
  url.searchParams.set('continuationToken', continuationToken);
  return `${url.pathname}${url.search}`;
}

app.http('listOffers', {
  route: 'offers',
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: withPublisher(listOffers),
});
