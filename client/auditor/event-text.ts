import type { AuditTimelineEvent, TimelineActor } from '../../shared/contracts/auditor.js';
import { callEventTypeOf } from '../../shared/contracts/call-events.js';
import { t } from '../common/i18n.js';
import { labelIn } from '../common/label-text.js';

/** What an event's facts add to its type's words: the step, why, who, the decision, the teller's note. */
function detailOf(facts: AuditTimelineEvent['facts']): string | null {
  if (facts.step) return labelIn(facts.step);
  if (facts.endReason) return t(`auditor.endReason.${facts.endReason}`);
  if (facts.decision) return t(`face.outcome.${facts.decision}`);
  if (facts.note) return facts.note;
  if (facts.chat) return facts.chat.text ?? facts.chat.file?.fileName ?? facts.chat.file?.mediaType ?? null;
  if (facts.monitorMode) return t(`monitor.mode.${facts.monitorMode}`);
  return null;
}

/** An event in the page's language: "Step confirmed: Policy", "通话结束：客户挂断". */
export function eventText(event: Pick<AuditTimelineEvent, 'type' | 'facts'>): string {
  const type = callEventTypeOf(event.type);
  if (!type) return t('auditor.event.unknown');
  const chatFrom = event.facts.chat?.from;
  const side = chatFrom ? t(`chat.from.${chatFrom}`) : t(`auditor.side.${event.facts.side ?? 'customer'}`);
  const what = t(`auditor.event.${type}`, { side });
  const detail = detailOf(event.facts);
  return detail === null ? what : t('auditor.eventWith', { event: what, detail });
}

/** Who did it, in the page's language; staff by username. */
export function actorText(actor: TimelineActor): string {
  return actor.kind === 'staff' ? actor.name : t(`auditor.actor.${actor.kind}`);
}
