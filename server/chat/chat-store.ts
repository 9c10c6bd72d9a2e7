import type { DocumentType } from '../../shared/catalog/fields.js';
import type { ChatMessageView, ChatSender } from '../../shared/contracts/chat.js';
import type { Db } from '../platform/database/database.js';

/** A message as stored: the view plus who exactly sent it (a staff id, or 'customer'). */
export interface StoredChatMessage extends Omit<ChatMessageView, 'senderName'> {
  senderId: string;
}

interface ChatRow {
  id: string;
  call_id: string;
  at: number;
  sender: ChatSender;
  sender_id: string;
  text: string;
  file_id: string | null;
  file_sha256: string | null;
  file_media_type: DocumentType | null;
  file_bytes: number | null;
  file_name: string | null;
}

const toMessage = (r: ChatRow): StoredChatMessage => ({
  messageId: r.id,
  callId: r.call_id,
  at: r.at,
  from: r.sender,
  senderId: r.sender_id,
  text: r.text,
  file:
    r.file_id === null
      ? null
      : {
          fileId: r.file_id,
          sha256: r.file_sha256!,
          mediaType: r.file_media_type!,
          byteLength: r.file_bytes!,
          fileName: r.file_name,
        },
});

/** A call's chat, in the order the server took the messages. */
export class ChatStore {
  constructor(private readonly db: Db) {}

  add(message: StoredChatMessage): void {
    const { file } = message;
    this.db
      .prepare(
        `INSERT INTO call_chat_messages
           (id, call_id, at, sender, sender_id, text, file_id, file_sha256, file_media_type, file_bytes, file_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        message.messageId,
        message.callId,
        message.at,
        message.from,
        message.senderId,
        message.text,
        file?.fileId ?? null,
        file?.sha256 ?? null,
        file?.mediaType ?? null,
        file?.byteLength ?? null,
        file?.fileName ?? null,
      );
  }

  ofCall(callId: string): StoredChatMessage[] {
    return this.db
      .prepare<[string], ChatRow>('SELECT * FROM call_chat_messages WHERE call_id = ? ORDER BY seq')
      .all(callId)
      .map(toMessage);
  }

  file(callId: string, fileId: string): StoredChatMessage | undefined {
    const row = this.db
      .prepare<
        [string, string],
        ChatRow
      >('SELECT * FROM call_chat_messages WHERE call_id = ? AND file_id = ?')
      .get(callId, fileId);
    return row && toMessage(row);
  }

  /** How many messages, and how many of them files, a call holds: the caps' counts. */
  counts(callId: string): { messages: number; files: number } {
    return this.db
      .prepare<
        [string],
        { messages: number; files: number }
      >(`SELECT COUNT(*) AS messages, COUNT(file_id) AS files FROM call_chat_messages WHERE call_id = ?`)
      .get(callId)!;
  }
}
