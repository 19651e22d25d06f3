// The process-cost baseline: the same signed list call as `webhook-tray watch`, once per interval,
// with plain axios and nothing else. Signed as main/core/api/signing.ts signs: the hex HMAC-SHA512
// of the exact body, keyed with the API secret. Same environment as the CLI; exits 1 on a failed call.
import { createHmac } from 'node:crypto';
import axios from 'axios';

const env = process.env;
const url = `${env.WEBHOOK_TRAY_BASE_URL}/api/v1/subscription/webhook`;
const intervalMs = Number(env.BENCH_POLL_MS ?? 1000);

async function poll() {
  const startedAt = Date.now();
  const body = JSON.stringify({ account: env.WEBHOOK_TRAY_ACCOUNT, timestamp: startedAt });
  try {
    const response = await axios.post(url, body, {
      headers: {
        'Content-Type': 'application/json',
        Key: env.WEBHOOK_TRAY_API_KEY,
        Sign: createHmac('sha512', env.WEBHOOK_TRAY_API_SECRET).update(body).digest('hex'),
      },
    });
    if (!Array.isArray(response.data.subscriptions)) throw new Error('no subscriptions in the answer');
  } catch (error) {
    process.stderr.write(`bare-poller-axios: ${error.message}\n`);
    process.exit(1);
  }
  // Fixed rate, as the monitor schedules: the next call one interval after this one started.
  setTimeout(poll, Math.max(0, startedAt + intervalMs - Date.now()));
}

void poll();
