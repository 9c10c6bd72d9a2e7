import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import {
  MAX_CHAT_FILES_PER_CALL,
  MAX_CHAT_MESSAGES_PER_CALL,
  type ChatFileView,
  type ChatMessageView,
} from '../../shared/contracts/chat.js';
import type { CallRegistry, CallStore, TimelineStore } from '../call/index.js';
import { requireCallPermission, type Principal } from '../identity/index.js';
import type { Kysely } from 'kysely';
import { inTransaction } from '../platform/database/transaction.js';
import type { Schema } from '../platform/database/schema.js';
import { AppError } from '../platform/errors.js';
import { chatActorOf, chatSenderOf, type ChatWriter } from './rules/chat-sender.js';
import { chatFileName, checkChatFile } from './rules/chat-file.js';
import { cleanChatText } from './rules/chat-text.js';
import type { ChatStore, StoredChatMessage } from './chat-store.js';

export interface CallChatsDeps {
  db: Kysely<Schema>;
  store: ChatStore;
  events: TimelineStore;
  registry: CallRegistry;
  calls: CallStore;
  /** Where chat files are kept: `<dir>/<call id>/<file id>`. */
  filesDir: string;
  fileMaxBytes: number;
  clock: () => number;
  /** A fresh id for a message or a file (crypto's randomUUID; tests may fix it). */
  newId: () => string;
  /** A staff member's display name, for the other side to see who wrote. */
  staffName: (userId: string) => Promise<string | undefined>;
}

type ChatEvents = { message: [message: ChatMessageView] };

const writerOf = (principal: Principal): ChatWriter =>
  principal.kind === 'customer'
    ? { kind: 'customer' }
    : { kind: 'staff', userId: principal.user.id, role: principal.user.role };

function refuseFull(what: 'messages' | 'files', max: number): AppError {
  return new AppError('invalid_state', `a call's chat holds at most ${max} ${what}`, [
    { path: 'chat', code: 'chat_full', message: `too many ${what}` },
  ]);
}

/**
 * The chats of the calls in progress: a message or file is checked, stored
 * with its timeline event in one transaction, then announced (`message`) for
 * the socket adapter to push to the call's participants. History is the
 * stored chat, so a page that reloads, rejoins or takes a call over reads it whole.
 */
export class CallChats extends EventEmitter<ChatEvents> {
  constructor(private readonly deps: CallChatsDeps) {
    super();
  }

  async send(principal: Principal, callId: string, raw: string): Promise<ChatMessageView> {
    const { call, writer } = this.#writing(principal, callId);
    const cleaned = cleanChatText(raw);
    if (!cleaned.ok) {
      throw new AppError('invalid_payload', 'the message is empty or too long', [
        { path: 'text', code: cleaned.code, message: cleaned.code.replace('_', ' ') },
      ]);
    }
    const message = this.#message(call.callId, writer, call.tellerId, { text: cleaned.text, file: null });
    await this.#store(message, call.ticket.id, async (store) => {
      if ((await store.counts(callId)).messages >= MAX_CHAT_MESSAGES_PER_CALL)
        throw refuseFull('messages', MAX_CHAT_MESSAGES_PER_CALL);
    });
    return this.#announce(message);
  }

  /**
   * Checks and keeps a file sent into the chat. The type is judged from the
   * bytes; the file is written before its row, and removed again when the row
   * is refused (the caps are counted again inside the transaction).
   */
  async sendFile(
    principal: Principal,
    callId: string,
    bytes: Buffer,
    rawName: string | undefined,
  ): Promise<ChatMessageView> {
    const { call, writer } = this.#writing(principal, callId);
    const check = checkChatFile(bytes, this.deps.fileMaxBytes);
    if (!check.ok) throw new AppError(check.code, `the file is refused: ${check.problem}`);
    const capCheck = async (store: ChatStore) => {
      const counts = await store.counts(callId);
      if (counts.messages >= MAX_CHAT_MESSAGES_PER_CALL)
        throw refuseFull('messages', MAX_CHAT_MESSAGES_PER_CALL);
      if (counts.files >= MAX_CHAT_FILES_PER_CALL) throw refuseFull('files', MAX_CHAT_FILES_PER_CALL);
    };
    await capCheck(this.deps.store);
    const file: ChatFileView = {
      fileId: this.deps.newId(),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mediaType: check.mediaType,
      byteLength: bytes.length,
      fileName: chatFileName(rawName),
    };
    const filePath = this.#pathOf(callId, file.fileId);
    await fs.promises.mkdir(path.dirname(filePath), { recursive: true });
    await fs.promises.writeFile(filePath, bytes);
    const message = this.#message(call.callId, writer, call.tellerId, { text: '', file });
    try {
      await this.#store(message, call.ticket.id, capCheck);
    } catch (error) {
      await fs.promises.rm(filePath, { force: true });
      throw error;
    }
    return this.#announce(message);
  }

  /** The call's chat so far, for one of its participants now. */
  async history(
    principal: Principal,
    callId: string,
  ): Promise<{ callId: string; messages: ChatMessageView[] }> {
    this.#writing(principal, callId);
    const stored = await this.deps.store.ofCall(callId);
    const messages = await Promise.all(stored.map((m) => this.#view(m)));
    return { callId, messages };
  }

  /**
   * A chat file of a call, in progress or over, for whom the policy lets read
   * it (the call's customer and tellers, auditors).
   */
  async file(
    principal: Principal,
    callId: string,
    fileId: string,
  ): Promise<{ path: string; file: ChatFileView }> {
    const stored = await this.deps.calls.find(callId);
    if (!stored) throw new AppError('not_found', 'no such call');
    requireCallPermission(principal, 'chat.file_read', {
      ticketId: stored.ticketId,
      tellerIds: (await this.deps.calls.tellersOf(callId)).map((t) => t.tellerId),
    });
    const message = await this.deps.store.file(callId, fileId);
    if (!message?.file) throw new AppError('not_found', 'no such file in this call’s chat');
    return { path: this.#pathOf(callId, fileId), file: message.file };
  }

  /** The call in progress, if `principal` may write in its chat now (its customer, its current teller). */
  #writing(principal: Principal, callId: string) {
    const call = this.deps.registry.get(callId);
    if (!call) throw new AppError('not_found', 'no such call in progress');
    requireCallPermission(principal, 'chat.send', { ticketId: call.ticket.id, tellerIds: [call.tellerId] });
    return { call, writer: writerOf(principal) };
  }

  #message(
    callId: string,
    writer: ChatWriter,
    tellerId: string,
    content: Pick<StoredChatMessage, 'text' | 'file'>,
  ): StoredChatMessage {
    return {
      messageId: this.deps.newId(),
      callId,
      at: this.deps.clock(),
      from: chatSenderOf(writer, tellerId),
      senderId: chatActorOf(writer),
      ...content,
    };
  }

  /** The message and its timeline event, in one transaction holding the call's chat while the caps are counted. */
  async #store(
    message: StoredChatMessage,
    ticketId: string,
    capCheck: (store: ChatStore) => Promise<void>,
  ): Promise<void> {
    const { events } = this.deps;
    const head = { callId: message.callId, ticketId, at: message.at, actor: message.senderId };
    await inTransaction(this.deps.db, async (trx) => {
      const store = this.deps.store.in(trx);
      await store.holdCall(message.callId);
      await capCheck(store);
      await store.add(message);
      // The timeline event joins this transaction, through `trx` only.
      const timeline = events.in(trx);
      const { messageId, from, file } = message;
      if (file) {
        const { fileId, sha256, mediaType, byteLength, fileName } = file;
        await timeline.append({
          ...head,
          type: 'chat.file',
          data: { messageId, fileId, from, sha256, mediaType, byteLength, ...(fileName ? { fileName } : {}) },
        });
      } else {
        await timeline.append({
          ...head,
          type: 'chat.message',
          data: { messageId, from, text: message.text },
        });
      }
    });
  }

  async #announce(message: StoredChatMessage): Promise<ChatMessageView> {
    const view = await this.#view(message);
    this.emit('message', view);
    return view;
  }

  async #view({ senderId, ...message }: StoredChatMessage): Promise<ChatMessageView> {
    const senderName = senderId === 'customer' ? null : ((await this.deps.staffName(senderId)) ?? null);
    return { ...message, senderName };
  }

  #pathOf(callId: string, fileId: string): string {
    // Both are ours (a stored call's id, a stored file's id), never a page's string, by the time they get here.
    return path.join(this.deps.filesDir, path.basename(callId), path.basename(fileId));
  }
}
