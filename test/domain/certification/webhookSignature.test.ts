import { createHmac } from 'node:crypto';
import {
  signWebhook,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../../domain/certification/webhookSignature';

const secretA = `whsec_${Buffer.from('secret-a-0123456789abcdef0123456').toString('base64')}`;
const secretB = `whsec_${Buffer.from('secret-b-0123456789abcdef0123456').toString('base64')}`;
const body = JSON.stringify({ type: 'certification.completed', data: { submissionId: 's1' } });
const now = 1_750_000_000;

describe('Standard Webhooks signatures', () => {
  it('When a payload is signed and verified with the same secret, then it is accepted with its id and timestamp', () => {
    const h = signWebhook('msg_1', now, body, [secretA]);
    expect(verifyWebhook(h, body, [secretA], now)).toEqual({ ok: true, id: 'msg_1', timestamp: now });
  });

  it('When the signature is computed independently (id.timestamp.body, HMAC-SHA256, base64), then it matches the header', () => {
    const key = Buffer.from(secretA.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`msg_1.${now}.${body}`).digest('base64');
    expect(signWebhook('msg_1', now, body, [secretA])['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('When the body is changed by one byte, then it is rejected as a bad signature (401)', () => {
    const h = signWebhook('msg_1', now, body, [secretA]);
    expect(verifyWebhook(h, body.replace('s1', 's2'), [secretA], now)).toEqual({
      ok: false,
      status: 401,
      reason: 'badSignature',
    });
  });

  it('When the id or timestamp header is swapped, then the signature no longer verifies', () => {
    const h = signWebhook('msg_1', now, body, [secretA]);
    expect(verifyWebhook({ ...h, 'webhook-id': 'msg_2' }, body, [secretA], now).ok).toBe(false);
    expect(verifyWebhook({ ...h, 'webhook-timestamp': String(now + 1) }, body, [secretA], now).ok).toBe(
      false,
    );
  });

  it('When signed with a secret that is not configured, then it is rejected (401)', () => {
    const h = signWebhook('msg_1', now, body, [secretB]);
    expect(verifyWebhook(h, body, [secretA], now)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'badSignature',
    });
  });

  it('When secrets rotate (old and new configured), then payloads signed with either are accepted', () => {
    expect(verifyWebhook(signWebhook('m', now, body, [secretA]), body, [secretB, secretA], now).ok).toBe(
      true,
    );
    expect(verifyWebhook(signWebhook('m', now, body, [secretB]), body, [secretB, secretA], now).ok).toBe(
      true,
    );
  });

  it('When the sender signs with two secrets and the receiver knows only one, then it is accepted', () => {
    const h = signWebhook('m', now, body, [secretA, secretB]);
    expect(h['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook(h, body, [secretB], now).ok).toBe(true);
  });

  it('When the timestamp is more than 5 minutes old or ahead, then it is rejected as stale (401); at the edge it passes', () => {
    const h = signWebhook('m', now, body, [secretA]);
    expect(verifyWebhook(h, body, [secretA], now + WEBHOOK_TOLERANCE_SECONDS).ok).toBe(true);
    expect(verifyWebhook(h, body, [secretA], now + WEBHOOK_TOLERANCE_SECONDS + 1)).toEqual({
      ok: false,
      status: 401,
      reason: 'staleTimestamp',
    });
    expect(verifyWebhook(h, body, [secretA], now - WEBHOOK_TOLERANCE_SECONDS - 1)).toEqual({
      ok: false,
      status: 401,
      reason: 'staleTimestamp',
    });
  });

  it('When headers are missing or malformed, then it is rejected as malformed (400)', () => {
    const h = signWebhook('m', now, body, [secretA]);
    expect(verifyWebhook({ ...h, 'webhook-id': undefined }, body, [secretA], now)).toMatchObject({
      status: 400,
      reason: 'missingHeaders',
    });
    expect(verifyWebhook({ ...h, 'webhook-timestamp': '2025-01-01' }, body, [secretA], now)).toMatchObject({
      status: 400,
      reason: 'malformedTimestamp',
    });
    expect(verifyWebhook({ ...h, 'webhook-signature': 'v1' }, body, [secretA], now)).toMatchObject({
      status: 400,
      reason: 'malformedSignature',
    });
    expect(
      verifyWebhook({ ...h, 'webhook-signature': 'v1,not base64!' }, body, [secretA], now),
    ).toMatchObject({ status: 400, reason: 'malformedSignature' });
  });

  it('When only an unknown signature version is present, then it is not accepted', () => {
    const sig = signWebhook('m', now, body, [secretA])['webhook-signature'].replace('v1,', 'v1a,');
    expect(
      verifyWebhook(
        { 'webhook-id': 'm', 'webhook-timestamp': String(now), 'webhook-signature': sig },
        body,
        [secretA],
        now,
      ),
    ).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('When the body arrives as bytes, then it verifies the same as the string', () => {
    const h = signWebhook('m', now, body, [secretA]);
    expect(verifyWebhook(h, Buffer.from(body), [secretA], now).ok).toBe(true);
  });
});
