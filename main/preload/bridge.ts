import type { ErrorInfo, PushPayloads, Result, WebhookTrayApi } from '../ipc/contract';
import { invokeChannelNames, pushChannelNames } from '../common/ipc-channels';

/** Sends one request on a channel and resolves with what main answered (a `Result`). */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Listens on a push channel; returns the function that stops listening. */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

function bridgeFailure(error: unknown): Result<never> {
  const detail = error instanceof Error ? error.message : String(error);
  const info: ErrorInfo = {
    kind: 'internal',
    message: `The app did not answer this request (${detail}). Restart Webhook Tray and try again.`,
  };
  return { ok: false, error: info };
}

/**
 * Builds the `window.webhookTray` object from two transport functions. In Electron they wrap
 * ipcRenderer; in the browser harness they wrap Playwright's exposeFunction. Every method
 * resolves with a Result and never rejects, so the renderer handles one shape of failure.
 */
export function createBridge(invoke: Invoke, subscribe: Subscribe): WebhookTrayApi {
  const api: Record<string, unknown> = {};
  for (const [key, channel] of Object.entries(invokeChannelNames)) {
    api[key] = async (request?: unknown) => {
      try {
        return await invoke(channel, request ?? {});
      } catch (error) {
        return bridgeFailure(error);
      }
    };
  }
  api.on = <P extends keyof PushPayloads>(event: P, listener: (payload: PushPayloads[P]) => void) => {
    if (!Object.hasOwn(pushChannelNames, event)) {
      throw new Error(`webhookTray.on: unknown event "${String(event)}"`);
    }
    return subscribe(pushChannelNames[event], (payload) => listener(payload as PushPayloads[P]));
  };
  return Object.freeze(api) as WebhookTrayApi;
}
