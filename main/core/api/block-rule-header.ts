import { CALYPSO_BLOCK_RULE, type BlockRule } from '../../common/block-rule';

/**
 * The sandbox announces its own blocking rule on the list answer, e.g.
 * `X-Sandbox-Block-Rule: failures=21; window=60` (21 failures within 60 s block). Calypso sends no
 * such header: its rule is the documented one.
 */
export const BLOCK_RULE_HEADER = 'x-sandbox-block-rule';

const POSITIVE_INTEGER = /^[1-9]\d*$/;
// The sandbox writes a window set in milliseconds as decimal seconds.
const POSITIVE_SECONDS = /^(?=.*[1-9])\d+(\.\d+)?$/;

/** The rule a list answer announces, or Calypso's when it announces none or one that does not read. */
export function parseBlockRuleHeader(value: string | undefined): BlockRule {
  if (value === undefined) return CALYPSO_BLOCK_RULE;
  const fields = new Map<string, string>();
  for (const part of value.split(';')) {
    const [key, raw] = part.split('=', 2).map((text) => text.trim().toLowerCase());
    if (key !== undefined && raw !== undefined) fields.set(key, raw);
  }
  const failures = fields.get('failures');
  const window = fields.get('window');
  if (failures === undefined || window === undefined) return CALYPSO_BLOCK_RULE;
  if (!POSITIVE_INTEGER.test(failures) || !POSITIVE_SECONDS.test(window)) return CALYPSO_BLOCK_RULE;
  return { blockAfter: Number(failures) - 1, windowMs: Math.round(Number(window) * 1000) };
}
