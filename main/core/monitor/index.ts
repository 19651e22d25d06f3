export { createMonitor, type Monitor, type MonitorOptions, type MonitorTarget } from './monitor';
export { classifyChannel, profileStateOf, toChannelView, worstState } from './classify';
export { EVENT_TYPES } from './types';
export type {
  AppNotification,
  ChannelHealth,
  ChannelHistory,
  ChannelView,
  HistoryPoint,
  MonitorEvent,
  MonitorEventType,
  MonitorSnapshot,
  MonitorUpdate,
  ProfileSnapshot,
  ProfileState,
} from './types';
