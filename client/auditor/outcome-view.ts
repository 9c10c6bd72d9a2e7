import type { AuditCallRow, CallOutcome } from '../../shared/contracts/auditor.js';
import { element } from '../common/elements.js';
import { onLocaleChange, setText, t, type MessageKey } from '../common/i18n.js';

type Shown = Pick<AuditCallRow, 'outcome' | 'recordingStatus'>;

function serviceKey(outcome: CallOutcome): MessageKey {
  if (outcome.service === 'not_completed' && outcome.notCompletedBecause)
    return `auditor.notCompleted.${outcome.notCompletedBecause}`;
  return `auditor.outcome.${outcome.service}`;
}

/** Each line of the outcome, as message keys with their arguments; the service's first. */
function outcomeLines(outcome: CallOutcome): [MessageKey, Record<string, string | number>?][] {
  const lines: [MessageKey, Record<string, string | number>?][] = [[serviceKey(outcome)]];
  lines.push([`auditor.face.${outcome.face}`]);
  if (outcome.transfers === 1) lines.push(['auditor.transferOnce']);
  else if (outcome.transfers > 1) lines.push(['auditor.transfers', { count: outcome.transfers }]);
  if (outcome.recordingFailures === 1) lines.push(['auditor.recordingFailedOnce']);
  else if (outcome.recordingFailures > 1)
    lines.push(['auditor.recordingFailures', { count: outcome.recordingFailures }]);
  return lines;
}

/**
 * How the call went, at a glance: the service (completed, withdrawn, not
 * completed and why), the face check, transfers, recorder failures and, in the
 * call view, why it ended. Recording completeness has its own chip beside it.
 */
export function outcomeView(call: Shown, { withEnd = false } = {}): HTMLElement {
  const box = element('div');
  shown.set(box, { call, withEnd });
  box.className = 'call-outcome';
  box.dataset.testid = 'call-outcome';
  box.dataset.service = call.outcome.service;
  box.dataset.face = call.outcome.face;
  const lines = outcomeLines(call.outcome);
  if (withEnd && call.outcome.endReason)
    lines.push(['auditor.endedBy', { reason: t(`auditor.endReason.${call.outcome.endReason}`) }]);
  box.append(
    ...lines.map(([key, args], i) => {
      const line = element('span');
      line.className = i === 0 ? 'outcome-service' : 'outcome-detail';
      if (i === 0) line.dataset.status = call.outcome.service === 'completed' ? 'good' : 'bad';
      setText(line, key, args);
      return line;
    }),
  );
  return box;
}

/** What each outcome box shows: they are worded again in a new language (some lines nest a second message). */
const shown = new WeakMap<HTMLElement, { call: Shown; withEnd: boolean }>();

onLocaleChange(() => {
  for (const box of document.querySelectorAll<HTMLElement>('.call-outcome')) {
    const was = shown.get(box);
    if (was) box.replaceWith(outcomeView(was.call, { withEnd: was.withEnd }));
  }
});

/** The problems an auditor confirms before approving a high-risk call, in the page's language. */
export function problemsText(call: Shown): string {
  const { outcome } = call;
  const problems: string[] = [];
  if (outcome.service !== 'completed') problems.push(t(serviceKey(outcome)));
  if (outcome.face === 'failed' || outcome.face === 'review')
    problems.push(t(`auditor.face.${outcome.face}`));
  if (outcome.recordingFailures > 0)
    problems.push(
      outcome.recordingFailures === 1
        ? t('auditor.recordingFailedOnce')
        : t('auditor.recordingFailures', { count: outcome.recordingFailures }),
    );
  if (call.recordingStatus !== 'complete') problems.push(t('auditor.recordingIncomplete'));
  return problems.join(t('auditor.listSeparator'));
}

/** The outcome as one line of text, for a decision that recorded it. */
export function outcomeText(outcome: CallOutcome): string {
  return outcomeLines(outcome)
    .map(([key, args]) => t(key, args))
    .join(t('auditor.listSeparator'));
}
