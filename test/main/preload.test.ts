import { describe, expect, it, vi } from 'vitest';
import { callsOf, record } from './electron-stand-in';
import { invokeChannelNames, pushChannelNames } from '../../main/common/ipc-channels';
import type { WebhookTrayApi } from '../../main/ipc/contract';

vi.mock('electron', () => import('./electron-stand-in'));

describe('preload', () => {
  it('exposes only window.webhookTray, built on ipcRenderer.invoke and ipcRenderer.on', async () => {
    await import('../../main/preload/index');
    expect([...record.exposed.keys()]).toEqual(['webhookTray']);
    const api = record.exposed.get('webhookTray') as WebhookTrayApi;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeChannelNames), 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|send|invoke/);

    await api.checkNow({ profileId: 'live' });
    expect(callsOf('ipcRenderer.invoke').at(-1)).toEqual(['wt:monitor:check-now', { profileId: 'live' }]);

    const seen: unknown[] = [];
    const off = api.on('snapshot', (s) => seen.push(s));
    const listeners = record.rendererListeners.get(pushChannelNames.snapshot)!;
    expect(listeners.size).toBe(1);
    for (const listener of listeners) listener({ sender: 'ignored' }, { worst: 'ok' });
    expect(seen).toEqual([{ worst: 'ok' }]);
    off();
    expect(listeners.size).toBe(0);
  });
});
