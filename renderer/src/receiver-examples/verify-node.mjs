// Node.js 18+: node verify-node.mjs (secret in CALYPSO_WEBHOOK_SECRET, port in PORT).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.CALYPSO_WEBHOOK_SECRET;
if (!secret) throw new Error('Set CALYPSO_WEBHOOK_SECRET to the secret key of the subscription');

function isSignedByCalypso(rawBody, sign) {
  const expected = createHmac('sha512', secret).update(rawBody).digest();
  const given = Buffer.from(String(sign ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Verify the raw bytes: parsing and re-serialising the JSON would change the signature.
    const rawBody = Buffer.concat(chunks);
    if (!isSignedByCalypso(rawBody, req.headers['sign'])) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(rawBody.toString('utf8'));
    // req.headers['key'] names the subscription; handle `event` here, then answer 200.
    console.log(`event ${event.id} for ${req.headers['key']}`);
    res.writeHead(200).end('OK');
  });
}).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
