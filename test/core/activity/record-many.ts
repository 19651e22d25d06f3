// Child process for the cross-process activity test: records `count` actions for webhook
// `requestId` as fast as it can, starting at `startAt` (epoch ms) so that two children race.
import { openActivityLog } from '../../../main/core/activity';

const [dir, requestId, countText, startAtText] = process.argv.slice(2);
if (dir === undefined || requestId === undefined || countText === undefined || startAtText === undefined) {
  throw new Error('usage: record-many <config dir> <request id> <count> <start at, epoch ms>');
}

const log = openActivityLog({ dir, log: (line) => process.stderr.write(`${line}\n`) });
while (Date.now() < Number(startAtText)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
let kept = 0;
for (let n = 0; n < Number(countText); n += 1) {
  const recorded = log.record({
    profileId: 'shop',
    account: '0xab',
    requestId,
    action: n % 2 === 0 ? 'disabled' : 'enabled',
    by: 'cli',
  });
  if (recorded) kept += 1;
}
process.stdout.write(String(kept));
