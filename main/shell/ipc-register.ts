import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract, type ChannelKey } from '../ipc/contract';
import type { Dispatch } from '../ipc/dispatch';
import type { SenderInfo } from '../ipc/sender-policy';

/** What main knows about the frame behind an invoke event; a destroyed frame has no URL. */
export function senderInfoOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    isMainFrame: frame !== null && frame.parent === null,
    url: frame?.url ?? '',
  };
}

/**
 * Registers every contract channel on ipcMain. Each call goes through `dispatch`, which checks the
 * sender and the payload before any handler runs. Returns the function that removes them again.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
): () => void {
  const keys = Object.keys(contract) as ChannelKey[];
  for (const key of keys) {
    ipcMain.handle(contract[key].name, (event, payload: unknown) =>
      dispatch(key, payload, senderInfoOf(event)),
    );
  }
  return () => {
    for (const key of keys) ipcMain.removeHandler(contract[key].name);
  };
}
