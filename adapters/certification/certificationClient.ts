import type { CertificationReport } from '../../domain/certification/certificationResult';
import { ExternalServiceError } from '../net/ExternalServiceError';

export interface CertificationSubmission {
  /** Our submission id: the idempotency key (a repeated submit returns the same request). */
  submissionId: string;
  offerId: string;
  /** Where the service POSTs its signed result (our /api/certification/callback). */
  callbackUrl: string;
  /** CRM package blob URL with its read SAS (a secret: never put it in orchestration history). */
  packageUrl: string;
  notesForCertification: string;
  /** Flags the submission for the extra S2S outbound / secure store checks. */
  requiresS2SOutboundOrSecureStore?: boolean;
  packageRegions?: string[];
}

export interface CertificationRequest {
  certificationRequestId: string;
  submissionId: string;
  status: 'inProgress' | 'passed' | 'failed';
  createdAt: string;
  completedAt?: string;
  report?: CertificationReport;
}

export interface CertificationClientOptions {
  /** Service root, e.g. https://certification.example/ (CERTIFICATION_ENDPOINT). */
  endpoint: string;
  /** Sent as `api-key` (CERTIFICATION_API_KEY). */
  apiKey?: string;
  timeoutMs?: number;
}

const SERVICE = 'certification';

/**
 * The certification service's REST API: `PUT /certifications/{submissionId}` (idempotent: the
 * same submission id returns the same certification request) and `GET` of the same resource
 * (for reconciliation when a callback is late). Errors are ExternalServiceError with `retryable`.
 */
export class CertificationClient {
  private readonly base: URL;

  constructor(private readonly options: CertificationClientOptions) {
    this.base = new URL(options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`);
  }

  async submit(s: CertificationSubmission): Promise<CertificationRequest> {
    const res = await this.call('PUT', s.submissionId, {
      offerId: s.offerId,
      callbackUrl: s.callbackUrl,
      packageUrl: s.packageUrl,
      notesForCertification: s.notesForCertification,
      requiresS2SOutboundOrSecureStore: s.requiresS2SOutboundOrSecureStore ?? false,
      packageRegions: s.packageRegions ?? [],
    });
    if (res.status !== 200 && res.status !== 201)
      throw ExternalServiceError.fromStatus(SERVICE, res.status, await res.text());
    return (await res.json()) as CertificationRequest;
  }

  /** The request as the service knows it, or undefined when it has never seen the submission. */
  async get(submissionId: string): Promise<CertificationRequest | undefined> {
    const res = await this.call('GET', submissionId);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw ExternalServiceError.fromStatus(SERVICE, res.status, await res.text());
    return (await res.json()) as CertificationRequest;
  }

  private async call(method: 'PUT' | 'GET', submissionId: string, body?: unknown): Promise<Response> {
    const url = new URL(`certifications/${encodeURIComponent(submissionId)}`, this.base);
    try {
      return await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(this.options.apiKey ? { 'api-key': this.options.apiKey } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw ExternalServiceError.from(SERVICE, err);
    }
  }
}
