// The public entry of main/core/activity: what the rest of main/ may use.
export { ACTIVITY_FILE_NAME, openActivityLog } from './activity-log';
export type { ActivityLog, ActivityLogOptions, NewActivity } from './activity-log';
export { CAUSE_WINDOW_MS, causeFor, failureStart, findCause } from './cause-rule';
export type { CauseInput, PolledEvent } from './cause-rule';
export { describeCause, describeMinutes } from './cause-messages';
export { ACTIVITY_ACTIONS, apiHostOf, ENVIRONMENT_PROFILE_ID } from './types';
export type { ActivityAction, ActivityEntry, ActivityTarget, CauseLink, ChannelActivity } from './types';
