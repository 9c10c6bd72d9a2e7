import type { ChatSender } from '../../shared/contracts/chat.js';
import { t } from '../common/i18n.js';

/** What one chat line shows: the chat panel's messages and the auditor's transcript alike. */
export interface ChatLine {
  messageId: string;
  from: ChatSender;
  /** Shown beside the side's name (a teller's display name), when known. */
  senderName: string | null;
  /** The time as the page words it. */
  time: string;
  text: string;
  file: {
    fileId: string;
    fileName: string | null;
    mediaType: string;
    byteLength?: number;
    sha256: string;
  } | null;
}

const span = (className: string, text: string): HTMLSpanElement => {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
};

/**
 * One message as a list item. Everything a person wrote goes in as text
 * (textContent): `<img onerror=…>` shows as those characters, never as markup.
 * `own`: this page's side wrote it. `download`: how a file is fetched (the
 * page knows the credentials).
 */
export function chatMessageItem(line: ChatLine, own: boolean, download: () => void): HTMLLIElement {
  const item = document.createElement('li');
  item.className = own ? 'chat-message chat-own' : 'chat-message';
  item.dataset.testid = 'chat-message';
  item.dataset.from = line.from;
  item.dataset.messageId = line.messageId;
  const who = own ? t('chat.you') : t(`chat.from.${line.from}`);
  const name = !own && line.senderName ? ` · ${line.senderName}` : '';
  const meta = document.createElement('p');
  meta.className = 'chat-meta';
  meta.append(span('chat-sender', `${who}${name}`), ' ', span('chat-time', line.time));
  item.append(meta);
  if (line.file) item.append(fileBlock(line.file, download));
  else {
    const text = document.createElement('p');
    text.className = 'chat-text';
    text.dataset.testid = 'chat-text';
    text.textContent = line.text;
    item.append(text);
  }
  return item;
}

function fileBlock(file: NonNullable<ChatLine['file']>, download: () => void): HTMLElement {
  const block = document.createElement('div');
  block.className = 'chat-file';
  const name = span('chat-file-name', file.fileName ?? file.mediaType);
  const size =
    file.byteLength === undefined
      ? ''
      : ` · ${t('chat.fileSize', { size: Math.max(1, Math.round(file.byteLength / 1024)) })}`;
  const facts = span('chat-file-facts', `${file.mediaType}${size} · SHA-256 ${file.sha256}`);
  facts.dataset.testid = 'chat-file-hash';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button chat-download';
  button.dataset.testid = 'chat-download';
  button.textContent = t('chat.download');
  button.addEventListener('click', download);
  block.append(name, facts, button);
  return block;
}
