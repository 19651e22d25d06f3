import { maskSecret, type Channel } from '../core/api';
import { classifyChannel } from '../core/monitor';

/** A channel as the CLI prints it: the secretKey masked to its last 4 characters unless asked otherwise. */
export function channelForOutput(channel: Channel, showSecrets: boolean): Channel {
  return showSecrets ? channel : { ...channel, secretKey: maskSecret(channel.secretKey) };
}

/** `7 (last 2024-05-01T10:00:00.000Z)`, or the bare count when Calypso gave no date. */
export function errorsCell(channel: Channel): string {
  if (channel.errorCount === 0) return '0';
  return channel.errorLastDate === null
    ? String(channel.errorCount)
    : `${channel.errorCount} (last ${channel.errorLastDate})`;
}

/** One channel in detail (create, change, regenerate-keys). */
export function channelDetails(channel: Channel, showSecrets: boolean): string {
  const shown = channelForOutput(channel, showSecrets);
  const types = (list: string[]) => (list.length === 0 ? '-' : list.join(', '));
  return [
    `Request ID:  ${channel.requestId}`,
    `URL:         ${channel.url}`,
    `Health:      ${classifyChannel(channel)}`,
    `Enabled:     ${channel.enabled ? 'yes' : 'no'}`,
    `Events:      ${types(channel.notificationEventTypes)}`,
    `Services:    ${types(channel.notificationServiceTypes)}`,
    `Errors:      ${errorsCell(channel)}`,
    `Public key:  ${channel.publicKey}`,
    `Secret key:  ${shown.secretKey}`,
  ].join('\n');
}
