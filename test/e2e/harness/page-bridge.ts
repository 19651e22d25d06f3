// Runs inside the page, before the renderer: builds window.webhookTray with the preload's own
// createBridge, over a function Playwright exposes (invoke) and a listener table main-side code
// pushes into (subscribe). Bundled by bridge-bundle.ts.
import { createBridge } from '../../../main/preload/bridge';

type Listener = (payload: unknown) => void;

interface HarnessWindow {
  __wtInvoke(channel: string, request: unknown): Promise<unknown>;
  __wtPush(channel: string, payload: unknown): number;
  webhookTray: unknown;
}

const page = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();

page.__wtPush = (channel, payload) => {
  const set = listeners.get(channel) ?? new Set();
  for (const listener of set) listener(payload);
  return set.size;
};

page.webhookTray = createBridge(
  (channel, request) => page.__wtInvoke(channel, request),
  (channel, listener) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  },
);
