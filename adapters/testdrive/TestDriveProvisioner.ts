/** One test drive session as the provisioners see it (no secrets: those come with the provisioner's configuration). */
export interface TestDriveSession {
  /** Idempotency key of provision and deprovision (for ARM hot instances: the instance id). */
  sessionId: string;
  offerId: string;
  customer: { firstName: string; lastName: string; email: string; company?: string };
  /** ARM: the Azure region the instance goes to (a test drive region id, e.g. eastus). */
  region?: string;
  durationHours?: number;
}

export interface TestDriveAccess {
  type: 'azureResourceManager' | 'dynamics365' | 'logicApp' | 'powerBI';
  /** What the access e-mail shows, e.g. sign-in URL and user name. Safe to store and log. */
  details: Record<string, string>;
  /**
   * Values the customer must get but that are secrets (e.g. a generated password): e-mail them
   * from the same activity or store them sealed; never return them from an activity (the
   * orchestration history is stored and readable).
   */
  secretDetails?: Record<string, string>;
}

/**
 * One per test drive type. Both calls are idempotent by `session.sessionId`: a retried provision
 * finds and reuses what an earlier attempt made, a retried (or unneeded) deprovision succeeds
 * when there is nothing left. Failures throw ExternalServiceError (`retryable` says whether
 * trying again can help); after a failed provision, call deprovision to remove what was made.
 */
export interface TestDriveProvisioner {
  provision(session: TestDriveSession): Promise<TestDriveAccess>;
  deprovision(session: TestDriveSession): Promise<void>;
}

/** The offer's deployment subscription app (test-drive section `subscription`); the secret read from where it is kept. */
export interface TestDriveAppCredentials {
  tenantId: string;
  appId: string;
  appClientSecret: string;
}

/** Where the Microsoft cloud is: the public cloud in Azure, the stand-ins locally. */
export interface AzureCloudEndpoints {
  /** ENTRA_AUTHORITY_HOST, default https://login.microsoftonline.com */
  authorityHost: string;
  /** ARM_ENDPOINT, default https://management.azure.com */
  resourceManager: string;
}
