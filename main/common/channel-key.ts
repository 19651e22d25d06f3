/** The one key of a channel across snapshots, history, snoozes and incidents. */
export function channelKey(profileId: string, requestId: string): string {
  return `${profileId}/${requestId}`;
}

/** The parts of a `channelKey`, or of a bare profile id (an account-wide snooze): the inverse of `channelKey`. */
export function parseChannelKey(key: string): { profileId: string; requestId: string | null } {
  const slash = key.indexOf('/');
  return slash === -1
    ? { profileId: key, requestId: null }
    : { profileId: key.slice(0, slash), requestId: key.slice(slash + 1) };
}
