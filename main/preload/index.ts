import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// The renderer gets this one object and never ipcRenderer itself: it can call our channels
// and listen to our push events, nothing else.
const api = createBridge(
  (channel, request) => ipcRenderer.invoke(channel, request),
  (channel, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
);

contextBridge.exposeInMainWorld('webhookTray', api);
