import type { BlockRule } from '../../common/block-rule';
import type { Channel, ChannelEdit, CreateChannelInput } from './channel';

/** What the client needs to sign calls for one merchant account. */
export interface Credentials {
  baseUrl: string;
  account: string;
  apiKey: string;
  apiSecret: string;
}

/** What `listIfChanged` answers: the list and the token naming that answer, or only that nothing changed. */
export type ListUpdate = (
  { changed: true; channels: Channel[]; token: string } | { changed: false; token: string }
) & {
  /** The blocking rule in force for this account: the sandbox's when it announces one, else Calypso's. */
  blockRule?: BlockRule;
};

/**
 * The five operations of the Calypso Webhook API. Every method either resolves with validated,
 * normalized data or rejects with an AppError whose kind says what went wrong.
 */
export interface CalypsoApi {
  list(options?: { signal?: AbortSignal }): Promise<Channel[]>;
  /**
   * The list call for polling: the list, unless the answer is byte for byte the one `since` names (a
   * token an earlier call returned), in which case it is neither parsed nor validated again. The token
   * is a digest of the whole answer, secret keys included (regenerated keys change it); it reveals
   * nothing of them.
   */
  listIfChanged(since: string | null, options?: { signal?: AbortSignal }): Promise<ListUpdate>;
  create(input: CreateChannelInput): Promise<Channel>;
  /** Reads the current channel, applies the edit, and sends the complete desired state. */
  change(requestId: string, edit: ChannelEdit): Promise<Channel>;
  delete(requestId: string): Promise<void>;
  /** Regenerates the account's webhook signing keys (`{timestamp}` only, as documented). */
  regenerateKeys(): Promise<Channel>;
}
