import type { WebhookTrayApi } from '../../main/ipc/contract';

declare global {
  interface Window {
    /** Built by the preload from the IPC contract (`createBridge`); the window's only way to main. */
    webhookTray: WebhookTrayApi;
  }
}

export {};
