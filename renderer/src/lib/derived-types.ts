import type { AppNotification, MonitorEvent, MonitorSnapshot } from '../../../main/ipc/contract';

// Derived from the contract's exports, so the renderer keeps importing types from the contract only.
export type ProfileSnapshot = MonitorSnapshot['profiles'][number];
export type ProfileState = MonitorSnapshot['worst'];
export type MonitorEventType = MonitorEvent['type'];
export type NotificationKind = AppNotification['kind'];
