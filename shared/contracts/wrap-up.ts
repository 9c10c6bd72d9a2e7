import { z } from 'zod';
import type { Label } from '../catalog/fields.js';

/** An outcome code a teller may give a finished call, with its label in both languages. */
export interface WrapUpOutcome {
  code: string;
  label: Label;
}

export const wrapUpCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'code:invalid_code');

/** The teller's wrap-up of its last call: what it is for and how long it still runs. */
export interface WrapUpView {
  callId: string;
  /** Counted from when the view was made, for pages whose clock differs. */
  endsInMs: number;
  limitMs: number;
  outcomes: WrapUpOutcome[];
}

/** The teller ends its wrap-up with an outcome and, if it likes, a note. */
export const wrapUpRequestSchema = z.object({
  callId: z.string().min(1).max(100),
  outcome: wrapUpCodeSchema,
  note: z.string().trim().max(500, 'code:too_long').optional(),
});

/**
 * The configured list, `code|中文|English` entries separated by `;`. Throws
 * with a message naming the first bad entry.
 */
export function parseWrapUpOutcomes(text: string): WrapUpOutcome[] {
  const outcomes = text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [code = '', zh = '', en = ''] = entry.split('|').map((part) => part.trim());
      if (!wrapUpCodeSchema.safeParse(code).success || !zh || !en) {
        throw new Error(`"${entry}" is not code|中文|English with a lower-case code`);
      }
      return { code, label: { 'zh-CN': zh, en } };
    });
  if (outcomes.length === 0) throw new Error('name at least one outcome');
  if (new Set(outcomes.map((o) => o.code)).size !== outcomes.length) throw new Error('codes repeat');
  return outcomes;
}
