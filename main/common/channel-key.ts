/** The one key of a channel across snapshots, history, snoozes and incidents. */
export function channelKey(profileId: string, requestId: string): string {
  return `${profileId}/${requestId}`;
}
