// The process-cost floor: the same signed list call as `webhook-tray watch`, once per interval,
// over bare node:http (the global agent, keep-alive as in Node >= 19), the answer read and parsed.
// Signed as main/core/api/signing.ts signs. Same environment as the CLI; exits 1 on a failed call.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';

const env = process.env;
const url = `${env.WEBHOOK_TRAY_BASE_URL}/api/v1/subscription/webhook`;
const intervalMs = Number(env.BENCH_POLL_MS ?? 1000);

function fail(message) {
  process.stderr.write(`bare-poller-http: ${message}\n`);
  process.exit(1);
}

function poll() {
  const startedAt = Date.now();
  const body = JSON.stringify({ account: env.WEBHOOK_TRAY_ACCOUNT, timestamp: startedAt });
  const req = request(
    url,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Key: env.WEBHOOK_TRAY_API_KEY,
        Sign: createHmac('sha512', env.WEBHOOK_TRAY_API_SECRET).update(body).digest('hex'),
      },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) fail(`HTTP ${res.statusCode}`);
        if (!Array.isArray(JSON.parse(text).subscriptions)) fail('no subscriptions in the answer');
        // Fixed rate, as the monitor schedules: the next call one interval after this one started.
        setTimeout(poll, Math.max(0, startedAt + intervalMs - Date.now()));
      });
    },
  );
  req.on('error', (error) => fail(error.message));
  req.end(body);
}

poll();
