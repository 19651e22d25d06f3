import { randomUUID } from 'node:crypto';

/** What a family's `data` builder gets: the event and a few deterministic values for it. */
export interface PayloadContext {
  eventType: string;
  /** The delivery id, so amounts and references vary from one event to the next. */
  id: number;
  /** The event's own date, in Calypso's zone-less form. */
  createdDate: string;
}

type Builder = (context: PayloadContext) => Record<string, unknown>;

function amountFor(id: number): number {
  return Number(((((id * 37) % 900) + 1) / 100).toFixed(2));
}

/** The fields of Calypso's documented invoice example ("Webhook payload"), in its order. */
const invoice: Builder = ({ eventType, id, createdDate }) => ({
  parentExternalId: 1000 + id,
  amount: amountFor(id),
  currency: 'ETH',
  fiatcurrency: 'USD',
  message: `Sandbox invoice event ${eventType}`,
  createdDate,
  type: eventType,
  idempotencyKey: randomUUID(),
});

/** INFERRED: payouts are not in the documented examples; the invoice fields plus a payout reference. */
const payout: Builder = ({ eventType, id, createdDate }) => ({
  parentExternalId: 2000 + id,
  amount: amountFor(id),
  currency: 'USDT',
  fiatcurrency: 'USD',
  message: `Sandbox payout event ${eventType}`,
  createdDate,
  type: eventType,
  idempotencyKey: randomUUID(),
});

/** INFERRED for every other family: the common fields of the documented example, no family extras. */
const generic: Builder = ({ eventType, id, createdDate }) => ({
  amount: amountFor(id),
  currency: 'USDT',
  fiatcurrency: 'USD',
  message: `Sandbox event ${eventType}`,
  createdDate,
  type: eventType,
  idempotencyKey: randomUUID(),
});

const BUILDERS: Record<string, Builder> = { INVOICE: invoice, PAYOUT: payout };

/** The `data` of a delivery of `service`: always with `type` equal to the event type. */
export function payloadFor(service: string, context: PayloadContext): Record<string, unknown> {
  return (BUILDERS[service] ?? generic)(context);
}
