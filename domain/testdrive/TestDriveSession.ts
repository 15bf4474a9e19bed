import type { TestDriveType } from '../offer/sections/setup';
import type { Customer } from './Customer';

export type SessionStatus = 'provisioning' | 'active' | 'ending' | 'ended' | 'failed';
export type EndReason = 'expired' | 'customer' | 'publisher' | 'provisioningFailed' | 'sweeper';

/**
 * One customer's test drive, from the request to the end. Holds no secret: access details are
 * what the provisioner calls safe to show (sign-in URL, user name), passwords only go by e-mail.
 */
export interface TestDriveSession {
  readonly sessionId: string;
  /** `<account>.<offer>`: the storefront id, also the partition of everything a test drive stores. */
  readonly listingId: string;
  readonly accountId: string;
  readonly offerId: string;
  /** Which published version was driven (its snapshot holds the configuration used). */
  readonly submissionId: string;
  readonly visibility: 'live' | 'preview';
  readonly offerTitle: string;
  readonly type: TestDriveType;
  /** Capacity pool (an ARM region, or `offer`) and the slot held in it. */
  readonly pool: string;
  readonly slot: number;
  readonly customer: Customer;
  readonly leadId: string;
  readonly durationHours: number;
  readonly status: SessionStatus;
  readonly requestedAt: string;
  /** When the customer got access. */
  readonly startedAt?: string;
  /** When the session ends by itself (set once access was given). */
  readonly endsAt?: string;
  readonly endedAt?: string;
  readonly endReason?: EndReason;
  /**
   * The durable task hub running the session's orchestration: the sweeper only ends sessions of
   * its own hub (another app, or another host on the same database, runs the others).
   */
  readonly taskHub?: string;
  /** ARM: the hot instance handed out (absent: deployed cold for this session). */
  readonly hotInstanceId?: string;
  readonly access?: Readonly<Record<string, string>>;
  /**
   * Secret access details (a generated password) between provisioning and the access e-mail,
   * sealed with the secret store; removed once the e-mail is sent.
   */
  readonly sealedSecretAccess?: string;
  readonly failure?: string;
}

export const ACTIVE_STATUSES: readonly SessionStatus[] = ['provisioning', 'active', 'ending'];

/** Customer-facing view (the same fields the status URL shows). */
export function sessionView(s: TestDriveSession): Record<string, unknown> {
  return {
    sessionId: s.sessionId,
    offerId: s.listingId,
    type: s.type,
    status: s.status,
    ...(s.pool !== 'offer' ? { region: s.pool } : {}),
    requestedAt: s.requestedAt,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    ...(s.endsAt ? { endsAt: s.endsAt } : {}),
    ...(s.endedAt ? { endedAt: s.endedAt, endReason: s.endReason } : {}),
    ...(s.access && s.status === 'active' ? { access: s.access } : {}),
    ...(s.failure ? { failure: s.failure } : {}),
  };
}
