/** Who performs an authoring action: the publisher account and the user acting for it. */
export interface Actor {
  readonly accountId: string;
  readonly userId: string;
}
