/**
 * What each IPC channel should accept, written out by hand from the rules (not from the contract's
 * zod schemas), so the fuzz test has an oracle of its own: a schema that loosens or drops a limit
 * disagrees with it and fails the test.
 */
import type { ChannelKey } from '../../main/ipc/contract';
import { NOTIFICATION_KINDS } from '../../main/common/notification-kinds';

type Check = (value: unknown) => boolean;
interface Field {
  check: Check;
  optional?: boolean;
}

const str =
  (min: number, max: number, trim = false): Check =>
  (value) => {
    if (typeof value !== 'string') return false;
    const length = (trim ? value.trim() : value).length;
    return length >= min && length <= max;
  };
const bool: Check = (value) => typeof value === 'boolean';
const int =
  (min: number, max: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
/** A plain record, as structured clone delivers: an object whose prototype is Object's or none. */
const isObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** An ISO 8601 date-time with a Z or numeric offset, and a real calendar date. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const isoTime: Check = (value) => {
  if (typeof value !== 'string') return false;
  const match = ISO.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const id = str(1, 200);
const url = str(1, 2048);
const typeList: Check = (value) =>
  Array.isArray(value) && value.length <= 200 && value.every((item) => str(1, 200)(item));
const interval = int(1, 3600);
const kinds = new Set<string>(NOTIFICATION_KINDS);
const notifications: Check = (value) =>
  isObject(value) && Object.entries(value).every(([key, on]) => kinds.has(key) && bool(on));

const req = (check: Check): Field => ({ check });
const opt = (check: Check): Field => ({ check, optional: true });

/** A strict object: no other keys, each required field present and valid, each optional one absent, undefined or valid. */
const object =
  (fields: Record<string, Field>): Check =>
  (value) => {
    if (!isObject(value)) return false;
    if (Object.keys(value).some((key) => !Object.hasOwn(fields, key))) return false;
    return Object.entries(fields).every(([key, field]) => {
      const present = Object.hasOwn(value, key);
      const item = present ? value[key] : undefined;
      if (field.optional === true && item === undefined) return true;
      return present && field.check(item);
    });
  };

const empty = object({});
const profileFields = {
  name: str(1, 100, true),
  baseUrl: url,
  account: str(1, 200, true),
  apiKey: str(1, 500, true),
  apiSecret: str(1, 500),
};
const oneWebhook = object({ profileId: req(id), requestId: req(id) });

const oracle: Record<ChannelKey, Check> = {
  listProfiles: empty,
  addProfile: object({
    name: req(profileFields.name),
    baseUrl: req(url),
    account: req(profileFields.account),
    apiKey: req(profileFields.apiKey),
    apiSecret: req(profileFields.apiSecret),
    verify: opt(bool),
  }),
  updateProfile: object({
    id: req(id),
    name: opt(profileFields.name),
    baseUrl: opt(url),
    account: opt(profileFields.account),
    apiKey: opt(profileFields.apiKey),
    apiSecret: opt(profileFields.apiSecret),
    verify: opt(bool),
  }),
  removeProfile: object({ id: req(id) }),
  testProfile: object({ id: req(id) }),
  startSandboxDemo: empty,
  stopSandboxDemo: empty,
  listSubscriptions: object({ profileId: req(id) }),
  createSubscription: object({
    profileId: req(id),
    url: req(url),
    notificationEventTypes: req(typeList),
    notificationServiceTypes: req(typeList),
  }),
  changeSubscription: object({
    profileId: req(id),
    requestId: req(id),
    url: opt(url),
    notificationEventTypes: opt(typeList),
    notificationServiceTypes: opt(typeList),
    enabled: opt(bool),
  }),
  deleteSubscription: oneWebhook,
  regenerateKeys: object({ profileId: req(id) }),
  revealSecret: oneWebhook,
  copySecret: oneWebhook,
  getSnapshot: empty,
  checkNow: object({ profileId: opt(id) }),
  pauseMonitoring: object({ until: req(nullable(isoTime)) }),
  resumeMonitoring: empty,
  snooze: object({ profileId: opt(id), requestId: opt(id), until: req(nullable(isoTime)) }),
  getSettings: empty,
  setSettings: object({
    normalIntervalSec: opt(interval),
    fastIntervalSec: opt(interval),
    notifications: opt(notifications),
    launchAtLogin: opt(bool),
    extraCaFile: opt(nullable(str(0, 4096))),
  }),
  channelHistory: oneWebhook,
  diagnose: oneWebhook,
  channelActivity: oneWebhook,
  eventLog: object({ limit: opt(int(1, 500)) }),
  openDashboard: object({ profileId: req(id) }),
  appInfo: empty,
  showWindow: empty,
};

/** Whether `payload` is a request the channel must let through to its handler. */
export function acceptable(key: ChannelKey, payload: unknown): boolean {
  return oracle[key](payload);
}
