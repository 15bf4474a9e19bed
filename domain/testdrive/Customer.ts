/**
 * A marketplace customer as the storefront knows them: signed in (bearer token), so `customerId`
 * and `email` come from the identity provider, never from the request body.
 */
export interface Customer {
  readonly customerId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly company?: string;
  readonly phone?: string;
  readonly country?: string;
  readonly title?: string;
}
