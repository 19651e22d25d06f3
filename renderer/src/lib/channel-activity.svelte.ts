import type { ChannelActivity, ErrorInfo, WebhookTrayApi } from '../../../main/ipc/contract';

/**
 * The app's own recent actions on one webhook and, while it fails, the change that most likely
 * caused it: read from main whenever the webhook changes in a way that may change either.
 */
export class ChannelActivityState {
  activity = $state<ChannelActivity | null>(null);
  error = $state<ErrorInfo | null>(null);
  #latest = 0;

  async load(api: WebhookTrayApi, profileId: string, requestId: string): Promise<void> {
    this.#latest += 1;
    const call = this.#latest;
    const result = await api.channelActivity({ profileId, requestId });
    // A slower earlier answer never replaces a newer one.
    if (call !== this.#latest) return;
    if (result.ok) {
      this.activity = result.value;
      this.error = null;
    } else {
      this.error = result.error;
    }
  }
}
