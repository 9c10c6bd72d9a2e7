import type { ChatMessageView, ChatSender, QuickReply } from '../../shared/contracts/chat.js';
import { MAX_CHAT_TEXT_CHARS } from '../../shared/contracts/chat.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import type { CallSocket } from '../call/call-socket.js';
import { callApi } from '../common/api.js';
import { getLocale, onLocaleChange, setLabel, setText, t } from '../common/i18n.js';
import { clockTime } from '../common/institution-time.js';
import { saveBlob } from '../common/save-blob.js';
import type { StatusLine } from '../common/status-line.js';
import { chatMessageItem } from './chat-message-item.js';
import { ChatUnread } from './chat-unread.js';

export interface ChatPanelOptions {
  /** This page's side of the chat. */
  self: Extract<ChatSender, 'customer' | 'teller'>;
  status: Pick<StatusLine, 'failure' | 'info' | 'clearIf'>;
  /** The teller's quick replies above the message box. */
  quickReplies?: boolean;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string) => {
  const node = document.createElement(tag);
  node.className = className;
  return node;
};

/**
 * The chat beside a call, the same on the customer's and the teller's pages: a
 * button with the unread count, and a panel with the messages, a box to write,
 * a file picker and (for tellers) quick replies. The server's history is read
 * on every start, so a reload, a reconnect or a transferred call shows it whole.
 */
export class ChatPanel {
  private readonly toggle = el('button', 'button chat-toggle');
  private readonly badge = el('span', 'chat-badge');
  private readonly panel = el('section', 'card chat-panel');
  private readonly log = el('ol', 'chat-log');
  private readonly empty = el('p', 'muted chat-empty');
  private readonly quick = el('details', 'chat-quick');
  private readonly form = el('form', 'chat-form');
  private readonly box = el('textarea', 'chat-box');
  private readonly send = el('button', 'button button-primary chat-send');
  private readonly file = el('input', 'chat-file-input');
  private readonly attach = el('label', 'button chat-attach');
  private readonly messages = new Map<string, ChatMessageView>();
  private readonly unread = new ChatUnread();
  private client: CallSocket | null = null;
  private unsubscribe: (() => void) | null = null;
  private callId: string | null = null;
  /** The customer's ticket token for files; staff pages send their session cookie. */
  private token: string | null = null;
  private replies: readonly QuickReply[] = [];

  constructor(
    host: HTMLElement,
    private readonly options: ChatPanelOptions,
  ) {
    this.build(host);
    onLocaleChange(() => this.renderAll());
  }

  /** Shows the chat of `callId` and reads its history; again after a reconnect, on the page's current socket. */
  start(client: CallSocket, callId: string, token: string | null = null): void {
    this.token = token;
    if (this.client !== client) {
      this.unsubscribe?.();
      this.unsubscribe = client.on('chat:message', (message) => this.received(message));
      this.client = client;
    }
    if (this.callId !== callId) this.clear();
    this.callId = callId;
    this.toggle.hidden = false;
    void this.loadHistory(client, callId);
    if (this.options.quickReplies && this.replies.length === 0) void this.loadQuickReplies(client);
  }

  /** The call is over for this page: the chat goes with it. */
  stop(): void {
    this.callId = null;
    this.clear();
    this.setOpen(false);
    this.toggle.hidden = true;
  }

  private build(host: HTMLElement): void {
    const { toggle, badge, panel, log, form, box, send, file } = this;
    toggle.type = 'button';
    toggle.dataset.testid = 'chat-open';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.hidden = true;
    badge.dataset.testid = 'chat-unread';
    badge.hidden = true;
    const toggleText = el('span', 'chat-toggle-text');
    setText(toggleText, 'chat.open');
    toggle.append(toggleText, badge);
    toggle.addEventListener('click', () => this.setOpen(panel.hidden));

    panel.dataset.testid = 'chat-panel';
    panel.hidden = true;
    const head = el('div', 'chat-head');
    const title = el('h2', 'chat-title');
    setText(title, 'chat.title');
    const close = el('button', 'button chat-close');
    close.type = 'button';
    close.dataset.testid = 'chat-close';
    setLabel(close, 'chat.close');
    close.textContent = '×';
    close.addEventListener('click', () => this.setOpen(false));
    head.append(title, close);

    log.dataset.testid = 'chat-log';
    log.setAttribute('aria-live', 'polite');
    setText(this.empty, 'chat.empty');
    this.quick.hidden = true;
    this.quick.dataset.testid = 'chat-quick-replies';

    box.name = 'chatMessage';
    box.rows = 2;
    box.maxLength = MAX_CHAT_TEXT_CHARS;
    box.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line; never while an input method is composing.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      form.requestSubmit();
    });
    send.type = 'submit';
    send.dataset.testid = 'chat-send';
    setText(send, 'chat.send');
    const { attach } = this;
    const attachText = el('span', 'chat-attach-text');
    setText(attachText, 'chat.attach');
    attach.title = t('chat.attachHint');
    file.type = 'file';
    file.name = 'chatFile';
    file.accept = 'application/pdf,image/jpeg,image/png';
    file.addEventListener('change', () => void this.sendFile());
    attach.append(file, attachText);
    const actions = el('div', 'chat-actions');
    actions.append(attach, send);
    form.append(box, actions);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.sendText();
    });
    panel.append(head, log, this.empty, this.quick, form);
    host.replaceChildren(toggle, panel);
    this.renderWords();
  }

  private setOpen(open: boolean): void {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.classList.toggle('chat-toggle-open', open);
    if (open) {
      this.unread.read();
      this.renderBadge();
      this.scrollToEnd();
    }
  }

  /** The newest message in sight, scrolling the list only (never the page under the panel). */
  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private async loadHistory(client: CallSocket, callId: string): Promise<void> {
    try {
      const history = await client.request('chat:history', { callId });
      if (this.callId !== history.callId) return;
      // What was here before the page (re)loaded is not news; what came since it last looked is.
      for (const message of history.messages) this.add(message, this.messages.size > 0);
    } catch (error) {
      this.options.status.failure(error);
    }
  }

  private async loadQuickReplies(client: CallSocket): Promise<void> {
    try {
      this.replies = (await client.request('chat:quickReplies', {})).replies;
      this.renderQuickReplies();
    } catch (error) {
      console.warn(error);
    }
  }

  private received(message: ChatMessageView): void {
    if (message.callId === this.callId) this.add(message, true);
  }

  /** One message into the list, once; `news`: counted unread if another side wrote it and the panel is shut. */
  private add(message: ChatMessageView, news: boolean): void {
    if (this.messages.has(message.messageId)) return;
    this.messages.set(message.messageId, message);
    this.log.append(this.item(message));
    this.empty.hidden = true;
    if (news && message.from !== this.options.self && this.panel.hidden) {
      this.unread.arrived();
      this.renderBadge();
    }
    if (!this.panel.hidden) this.scrollToEnd();
  }

  private item(message: ChatMessageView): HTMLLIElement {
    const line = { ...message, time: clockTime(message.at) };
    return chatMessageItem(line, message.from === this.options.self, () => void this.download(message));
  }

  private async sendText(): Promise<void> {
    const { client, callId } = this;
    const text = this.box.value;
    if (!client || !callId || text.trim() === '') return;
    this.send.disabled = true;
    try {
      this.add(await client.request('chat:send', { callId, text }), false);
      this.box.value = '';
    } catch (error) {
      this.options.status.failure(error);
    } finally {
      this.send.disabled = false;
    }
  }

  private async sendFile(): Promise<void> {
    const picked = this.file.files?.[0];
    const callId = this.callId;
    this.file.value = '';
    if (!picked || !callId) return;
    this.options.status.info('chat.fileSending');
    try {
      // The server judges the type from the bytes, not from the name.
      const message = await callApi(restRoutes.sendChatFile, {
        params: { callId },
        body: picked,
        token: this.token,
        headers: { 'X-File-Name': encodeURIComponent(picked.name) },
      });
      this.options.status.clearIf('chat.fileSending');
      this.add(message, false);
    } catch (error) {
      this.options.status.failure(error);
    }
  }

  private async download(message: ChatMessageView): Promise<void> {
    if (!message.file) return;
    try {
      const { fileId, fileName } = message.file;
      const blob = await callApi(restRoutes.chatFile, {
        params: { callId: message.callId, fileId },
        token: this.token,
      });
      saveBlob(blob, fileName ?? fileId);
    } catch (error) {
      this.options.status.failure(error);
    }
  }

  private clear(): void {
    this.messages.clear();
    this.log.replaceChildren();
    this.empty.hidden = false;
    this.unread.read();
    this.renderBadge();
  }

  private renderBadge(): void {
    const count = this.unread.count;
    this.badge.hidden = count === 0;
    this.badge.textContent = count > 99 ? '99+' : String(count);
    this.badge.setAttribute('aria-label', t('chat.unread', { count }));
  }

  private renderQuickReplies(): void {
    const locale = getLocale();
    const buttons = this.replies.map((reply) => {
      const button = el('button', 'button chat-quick-reply');
      button.type = 'button';
      button.dataset.testid = 'chat-quick-reply';
      button.textContent = reply[locale];
      // Into the box, not sent: the teller may still fill in a name or a number.
      button.addEventListener('click', () => {
        this.box.value = reply[getLocale()];
        this.box.focus();
      });
      return button;
    });
    // Folded by default: the messages keep the room, the replies are one click away.
    const summary = el('summary', 'chat-quick-label');
    setText(summary, 'chat.quickReplies');
    const list = el('div', 'chat-quick-list');
    list.append(...buttons);
    this.quick.replaceChildren(summary, list);
    this.quick.hidden = buttons.length === 0;
  }

  /** What the catalog's `data-i18n` switch does not reach: the placeholder, the panel's name. */
  private renderWords(): void {
    this.box.placeholder = t('chat.placeholder');
    this.panel.setAttribute('aria-label', t('chat.title'));
    this.attach.title = t('chat.attachHint');
  }

  private renderAll(): void {
    this.renderWords();
    this.renderBadge();
    if (this.replies.length) this.renderQuickReplies();
    this.log.replaceChildren(...[...this.messages.values()].map((m) => this.item(m)));
  }
}
