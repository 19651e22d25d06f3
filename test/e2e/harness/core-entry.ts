// What the harness needs from main/, bundled by core-bundle.ts the way electron-vite bundles main.
export { createAppServices } from '../../../main/core/app-services';
export { startSandbox } from '../../../main/core/sandbox';
export { forwardAccountSignals } from '../../../main/ipc/account-signals';
export { pushChannelNames } from '../../../main/common/ipc-channels';
export { contract } from '../../../main/ipc/contract';
export { createDispatch } from '../../../main/ipc/dispatch';
export { createHandlers } from '../../../main/ipc/handlers';
export { isTrustedSender } from '../../../main/ipc/sender-policy';
