// The public entry of main/core/notifications: what the rest of main/ may use.
export { HISTORY_FILE_NAME, openHistory } from './history';
export type { History, HistoryOptions } from './history';
export { VERDICT_WAIT_MS } from './connection-verdict';
export type { ConnectionChecks } from './connection-verdict';
export type { ActivityReader } from './failing-cause';
export { NotificationCentre } from './notification-centre';
export { POLICY_STATE_FILE_NAME, openPolicyStore } from './policy-store';
export type { PolicyStoreOptions } from './policy-store';
export { planSnooze } from './snoozes';
