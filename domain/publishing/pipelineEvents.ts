import type { CertificationReport } from '../certification/certificationResult';

/** The publish orchestration's name and the external events it waits for (raised by the HTTP triggers). */
export const publishSubmissionOrchestrator = 'publishSubmission';
export const certificationResultEvent = 'certificationResult';
export const goLiveEvent = 'goLive';
export const cancelEvent = 'cancel';

export interface CertificationResultEventData {
  readonly result: 'passed' | 'failed';
  readonly report: CertificationReport;
  readonly webhookId: string;
}

/** The orchestration's input: ids and settings only, never a secret (history is readable). */
export interface PublishInput {
  readonly accountId: string;
  readonly offerId: string;
  readonly submissionId: string;
  /** Origin of the API (for the certification callback URL and the preview link). */
  readonly apiOrigin: string;
  readonly certificationDeadlineSeconds: number;
}
