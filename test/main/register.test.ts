import { beforeEach, describe, expect, it, vi } from 'vitest';
import { record, resetStandIn } from './electron-stand-in';
import { contract } from '../../main/ipc/contract';

vi.mock('electron', () => import('./electron-stand-in'));

const electron = await import('electron');
const { registerIpc, senderInfoOf } = await import('../../main/shell/ipc-register');
const { createDispatch } = await import('../../main/ipc/dispatch');
const { isTrustedSender } = await import('../../main/ipc/sender-policy');

beforeEach(() => resetStandIn());

const page = 'app://renderer/index.html';

function event(id: number, url: string, mainFrame = true) {
  const frame = { url, parent: mainFrame ? null : { url: page } };
  return { sender: { id }, senderFrame: frame } as never;
}

describe('registerIpc', () => {
  it('registers every contract channel, checks sender and payload, and unregisters', async () => {
    const ran: string[] = [];
    const handlers = Object.fromEntries(
      Object.keys(contract).map((key) => [
        key,
        async () => {
          ran.push(key);
          return { ok: true, value: key };
        },
      ]),
    ) as never;
    const dispatch = createDispatch(handlers, (s) =>
      isTrustedSender(s, { webContentsId: 3, rendererUrl: page }),
    );
    const unregister = registerIpc(electron.ipcMain, dispatch);
    expect([...record.ipcHandlers.keys()].sort()).toEqual(
      Object.values(contract)
        .map((c) => c.name)
        .sort(),
    );

    const handle = (name: string) => record.ipcHandlers.get(name)!;
    await expect(handle('wt:profiles:list')(event(3, `${page}#/`), {})).resolves.toEqual({
      ok: true,
      value: 'listProfiles',
    });
    await expect(handle('wt:profiles:list')(event(3, page, false), {})).resolves.toMatchObject({
      ok: false,
      error: { kind: 'rejected' },
    });
    await expect(handle('wt:profiles:list')(event(4, page), {})).resolves.toMatchObject({ ok: false });
    await expect(handle('wt:profiles:remove')(event(3, page), { id: 7 })).resolves.toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect(ran).toEqual(['listProfiles']);

    unregister();
    expect(record.ipcHandlers.size).toBe(0);
  });

  it('reads a destroyed frame as an untrusted sender', () => {
    expect(senderInfoOf({ sender: { id: 1 }, senderFrame: null } as never)).toEqual({
      webContentsId: 1,
      isMainFrame: false,
      url: '',
    });
  });
});
