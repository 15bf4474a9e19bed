/** The caller of the publisher API, from a validated bearer token. */
export interface Publisher {
  /** The publisher account the caller acts for; every offer lookup is scoped to it. */
  readonly accountId: string;
  /** The user (Entra `oid`, else `sub`), recorded in section history. */
  readonly userId: string;
}
