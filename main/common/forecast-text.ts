/** "in about 4 minutes" / "in less than a minute", from `now` to `predictedBlockAt`. */
export function describeLeadTime(predictedBlockAt: string, now: number): string {
  const minutes = Math.round((Date.parse(predictedBlockAt) - now) / 60_000);
  if (minutes < 1) return 'in less than a minute';
  return minutes === 1 ? 'in about 1 minute' : `in about ${minutes} minutes`;
}

/** The sentence the merchant reads wherever a block forecast is shown (window, tray, notifications, CLI). */
export function describeForecast(predictedBlockAt: string, now: number): string {
  return `Calypso will block this webhook ${describeLeadTime(predictedBlockAt, now)} at the current failure rate`;
}
