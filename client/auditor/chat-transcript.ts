import type { AuditTimelineEvent } from '../../shared/contracts/auditor.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { chatMessageItem } from '../chat/chat-message-item.js';
import { callApi } from '../common/api.js';
import { byTestId } from '../common/dom.js';
import { onLocaleChange } from '../common/i18n.js';
import { saveBlob } from '../common/save-blob.js';
import type { StatusLine } from '../common/status-line.js';
import { mediaClock } from './audit-format.js';

/** The transcript on screen, to word again in another language. */
let shown: (() => void) | null = null;
onLocaleChange(() => shown?.());

/**
 * The call's chat as the auditor reads it, from the timeline's chat events:
 * each message as written (as text), each file with its hash and a download,
 * which the server writes to the audit chain.
 */
export function renderChatTranscript(
  callId: string,
  events: readonly AuditTimelineEvent[],
  status: Pick<StatusLine, 'failure'>,
): void {
  shown = () => renderChatTranscript(callId, events, status);
  const list = byTestId<HTMLOListElement>('chat-transcript');
  const items = events
    .filter((event) => event.facts.chat)
    .sort((a, b) => a.offsetMs - b.offsetMs)
    .map((event, index) => {
      const chat = event.facts.chat!;
      const file = chat.file ?? null;
      const line = {
        messageId: file?.fileId ?? `${event.offsetMs}-${index}`,
        from: chat.from,
        senderName: event.actor.kind === 'staff' ? event.actor.name : null,
        time: mediaClock(event.offsetMs),
        text: chat.text ?? '',
        file,
      };
      return chatMessageItem(line, false, () => {
        if (!file) return;
        callApi(restRoutes.chatFile, { params: { callId, fileId: file.fileId } })
          .then((blob) => saveBlob(blob, file.fileName ?? file.fileId))
          .catch((error: unknown) => status.failure(error));
      });
    });
  list.replaceChildren(...items);
  byTestId('chat-transcript-empty').hidden = items.length > 0;
}
