import type { NavigateTarget } from '../../ipc/contract';
import type { Handlers } from '../../ipc/dispatch';
import { regenerateKeysFromTray, type RegenerateFlowPorts } from '../window/regenerate-flow';
import type { TrayAction } from './tray-menu';

export interface TrayActionPorts extends RegenerateFlowPorts {
  handlers: Pick<
    Handlers,
    'checkNow' | 'pauseMonitoring' | 'resumeMonitoring' | 'regenerateKeys' | 'copySecret'
  >;
  windows: { show(target?: NavigateTarget): void };
  quit(): void;
  now?: () => Date;
}

/** Carries out what a tray menu click asks for. Failures are told by notification, never thrown. */
export function createTrayActionRunner(ports: TrayActionPorts): (action: TrayAction) => Promise<void> {
  const now = ports.now ?? (() => new Date());
  const report = (title: string, result: { ok: boolean; error?: { message: string } }) => {
    if (!result.ok && result.error !== undefined) ports.notify(title, result.error.message);
  };
  return async (action) => {
    switch (action.type) {
      case 'open':
        ports.windows.show();
        return;
      case 'open-channel':
        ports.windows.show({ profileId: action.profileId, requestId: action.requestId });
        return;
      case 'check-now':
        report('Check failed', await ports.handlers.checkNow({}));
        return;
      case 'pause': {
        const until =
          action.minutes === null ? null : new Date(now().getTime() + action.minutes * 60_000).toISOString();
        report('Could not pause monitoring', await ports.handlers.pauseMonitoring({ until }));
        return;
      }
      case 'resume':
        report('Could not resume monitoring', await ports.handlers.resumeMonitoring({}));
        return;
      case 'regenerate-keys':
        await regenerateKeysFromTray({ profileId: action.profileId, profileName: action.profileName }, ports);
        return;
      case 'quit':
        ports.quit();
        return;
    }
  };
}
