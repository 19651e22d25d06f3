/**
 * The channel names alone, without zod: the sandboxed preload needs only these strings, and
 * importing the contract would pull zod into its bundle. A test checks they match the contract.
 */
export const invokeChannelNames = {
  listProfiles: 'wt:profiles:list',
  addProfile: 'wt:profiles:add',
  updateProfile: 'wt:profiles:update',
  removeProfile: 'wt:profiles:remove',
  testProfile: 'wt:profiles:test',
  startSandboxDemo: 'wt:sandbox:start',
  stopSandboxDemo: 'wt:sandbox:stop',
  listSubscriptions: 'wt:subs:list',
  createSubscription: 'wt:subs:create',
  changeSubscription: 'wt:subs:change',
  deleteSubscription: 'wt:subs:delete',
  regenerateKeys: 'wt:subs:regenerate-keys',
  revealSecret: 'wt:subs:reveal-secret',
  copySecret: 'wt:subs:copy-secret',
  getSnapshot: 'wt:monitor:snapshot',
  checkNow: 'wt:monitor:check-now',
  pauseMonitoring: 'wt:monitor:pause',
  resumeMonitoring: 'wt:monitor:resume',
  snooze: 'wt:monitor:snooze',
  getSettings: 'wt:settings:get',
  setSettings: 'wt:settings:set',
  channelHistory: 'wt:history:channel',
  diagnose: 'wt:diagnose:webhook',
  channelActivity: 'wt:activity:channel',
  eventLog: 'wt:history:events',
  openDashboard: 'wt:app:open-dashboard',
  appInfo: 'wt:app:info',
  showWindow: 'wt:app:show-window',
} as const;

export type InvokeChannelKey = keyof typeof invokeChannelNames;

export const pushChannelNames = {
  snapshot: 'wt:push:snapshot',
  notification: 'wt:push:notification',
  navigate: 'wt:push:navigate',
  profilesChanged: 'wt:push:profiles-changed',
  settingsChanged: 'wt:push:settings-changed',
} as const;
