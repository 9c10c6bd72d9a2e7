import type { AuditTimelineEvent } from '../../shared/contracts/auditor.js';
import { byTestId } from '../common/dom.js';
import { onLocaleChange } from '../common/i18n.js';
import { actorText, eventText } from './event-text.js';
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
      label.dataset.slot = 'event-text';
      const actor = document.createElement('span');
      actor.className = 'muted';
      actor.dataset.slot = 'event-actor';
      button.append(time, ' ', label, ' ', actor);
      item.append(button);
      return item;
    }),
  );
  wordAll(root);
}

/** Every event's words, in the page's language: again after a switch. */
const words = new WeakMap<HTMLButtonElement, AuditTimelineEvent>();

function word(button: HTMLButtonElement, event: AuditTimelineEvent): void {
  const text = eventText(event);
  button.title = `${text} · ${mediaClock(event.offsetMs)}`;
  if (button.classList.contains('timeline-marker')) button.setAttribute('aria-label', button.title);
  const label = button.querySelector<HTMLElement>('[data-slot=event-text]');
  if (label) label.textContent = text;
  const actor = button.querySelector<HTMLElement>('[data-slot=event-actor]');
  if (actor) actor.textContent = actorText(event.actor);
}

function eventButton(event: AuditTimelineEvent, seek: (ms: number) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.eventWords = '';
  words.set(button, event);
  button.addEventListener('click', () => seek(event.offsetMs));
  return button;
}

/** Words the buttons once they are in place (the list's text slots exist by then). */
function wordAll(root: ParentNode): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-event-words]')) {
    const event = words.get(button);
    if (event) word(button, event);
  }
}

onLocaleChange(() => wordAll(document));
