import type { AuditTimelineEvent } from '../../shared/contracts/auditor.js';
import { byTestId } from '../common/dom.js';
import { labelIn, setLabelText } from '../common/label-text.js';
import { mediaClock } from './audit-format.js';
import { markerShare } from './playback-timeline.js';

/**
 * The call's events twice: as markers under the seek bar, placed by time, and
 * as a list to read. Both are buttons that move the replay to their moment.
 */
export function renderTimeline(
  root: HTMLElement,
  events: readonly AuditTimelineEvent[],
  lengthMs: number,
  seek: (ms: number) => void,
): void {
  const markers = byTestId('timeline-markers', root);
  const list = byTestId<HTMLOListElement>('event-list', root);
  const ordered = [...events].sort((a, b) => a.offsetMs - b.offsetMs);
  markers.replaceChildren(
    ...ordered.map((event) => {
      const marker = eventButton(event, seek);
      marker.className = 'timeline-marker';
      marker.setAttribute('aria-label', marker.title);
      marker.dataset.testid = 'timeline-marker';
      marker.dataset.offsetMs = String(event.offsetMs);
      marker.dataset.type = event.type;
      marker.style.left = `${markerShare(event.offsetMs, lengthMs) * 100}%`;
      return marker;
    }),
  );
  list.replaceChildren(
    ...ordered.map((event) => {
      const item = document.createElement('li');
      const button = eventButton(event, seek);
      button.className = 'event-link';
      const time = document.createElement('time');
      time.textContent = mediaClock(event.offsetMs);
      const label = document.createElement('span');
      setLabelText(label, event.label);
      const actor = document.createElement('span');
      actor.className = 'muted';
      actor.textContent = event.actor;
      button.append(time, ' ', label, ' ', actor);
      item.append(button);
      return item;
    }),
  );
}

function eventButton(event: AuditTimelineEvent, seek: (ms: number) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  // In the language of the page when the call was opened.
  button.title = `${labelIn(event.label)} · ${mediaClock(event.offsetMs)}`;
  button.addEventListener('click', () => seek(event.offsetMs));
  return button;
}
