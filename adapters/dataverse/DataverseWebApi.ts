import type { TokenCredential } from '@azure/identity';
import { ExternalServiceError } from '../net/ExternalServiceError';
import { safeRequest, type SafeResponse } from '../net/safeRequest';
import type { OutboundPolicy } from '../net/safeUrl';

export interface DataverseWebApiOptions {
  /** Service root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2 (publisher-configured: SSRF-guarded). */
  webApiUrl: string;
  credential: TokenCredential;
  policy: OutboundPolicy;
  service: string;
  timeoutMs?: number;
}

/**
 * The Dataverse Web API (OData v4) for one environment: a bearer token for the environment's
 * origin (`<origin>/.default`), JSON in and out, every call through safeRequest because the URL
 * comes from a publisher. Non-2xx answers throw ExternalServiceError unless listed in `accept`.
 */
export class DataverseWebApi {
  private readonly root: string;
  private readonly scope: string;

  constructor(private readonly options: DataverseWebApiOptions) {
    this.root = options.webApiUrl.replace(/\/+$/, '');
    this.scope = `${new URL(options.webApiUrl).origin}/.default`;
  }

  /** `path` is relative to the service root, e.g. `systemusers?$filter=...`. */
  async call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    accept: number[] = [],
  ): Promise<SafeResponse> {
    let token: string;
    try {
      const t = await this.options.credential.getToken(this.scope);
      if (!t) throw new Error('no token');
      token = t.token;
    } catch (err) {
      // A wrong client secret or tenant does not get better by retrying.
      throw new ExternalServiceError(
        this.options.service,
        `sign-in failed: ${err instanceof Error ? err.message : String(err)}`,
        false,
      );
    }
    const res = await safeRequest(
      `${this.root}/${path}`,
      {
        method,
        service: this.options.service,
        timeoutMs: this.options.timeoutMs,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'odata-maxversion': '4.0',
          'odata-version': '4.0',
          ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      },
      this.options.policy,
    );
    if ((res.status < 200 || res.status >= 300) && !accept.includes(res.status)) {
      throw ExternalServiceError.fromStatus(this.options.service, res.status, res.text);
    }
    return res;
  }

  async list<T>(path: string): Promise<T[]> {
    const res = await this.call('GET', path);
    return (JSON.parse(res.text) as { value: T[] }).value;
  }

  /** The id in the OData-EntityId header a create answers with. */
  static entityId(res: SafeResponse): string {
    const header = String(res.headers['odata-entityid'] ?? '');
    const id = /\(([0-9a-fA-F-]{36})\)\s*$/.exec(header)?.[1];
    if (!id) throw new Error(`no entity id in the answer (OData-EntityId: ${header || 'missing'})`);
    return id.toLowerCase();
  }
}

/** An OData string literal ('' escapes a quote). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
