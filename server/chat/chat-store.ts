import type { DocumentType } from '../../shared/catalog/fields.js';
import type { ChatMessageView } from '../../shared/contracts/chat.js';
import { PostgresAdapter, type Kysely, type Selectable } from 'kysely';
import type { CallChatMessagesTable, Schema } from '../platform/database/schema.js';

/** A message as stored: the view plus who exactly sent it (a staff id, or 'customer'). */
export interface StoredChatMessage extends Omit<ChatMessageView, 'senderName'> {
  senderId: string;
}

/** Every column but `seq`, which only orders the messages. */
const COLUMNS = [
  'id',
  'call_id',
  'at',
  'sender',
  'sender_id',
  'text',
  'file_id',
  'file_sha256',
  'file_media_type',
  'file_bytes',
  'file_name',
] as const;

type ChatRow = Omit<Selectable<CallChatMessagesTable>, 'seq'>;

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
          // Written from a checked file's type only.
          mediaType: r.file_media_type as DocumentType,
          byteLength: r.file_bytes!,
          fileName: r.file_name,
        },
});

/** A call's chat, in the order the server took the messages (their `seq`). */
export class ChatStore {
  constructor(private readonly db: Kysely<Schema>) {}

  /** The same store inside a caller's transaction. */
  in(trx: Kysely<Schema>): ChatStore {
    return new ChatStore(trx);
  }

  /**
   * Holds the call's chat until the caller's transaction ends, so a count
   * read after it stays true until the message is added: two messages sent
   * at once on two nodes never both take the last place under a cap. On
   * SQLite the open transaction holds the one connection, which is enough;
   * on PostgreSQL the call's row is locked (against other writers of its
   * chat, not against readers or the rows that reference it).
   */
  async holdCall(callId: string): Promise<void> {
    if (!this.db.isTransaction) throw new Error('holdCall() holds the chat until a transaction ends');
    if (!(this.db.getExecutor().adapter instanceof PostgresAdapter)) return;
    await this.db.selectFrom('calls').select('id').where('id', '=', callId).forNoKeyUpdate().execute();
  }

  async add(message: StoredChatMessage): Promise<void> {
    const { file } = message;
    await this.db
      .insertInto('call_chat_messages')
      .values({
        id: message.messageId,
        call_id: message.callId,
        at: message.at,
        sender: message.from,
        sender_id: message.senderId,
        text: message.text,
        file_id: file?.fileId ?? null,
        file_sha256: file?.sha256 ?? null,
        file_media_type: file?.mediaType ?? null,
        file_bytes: file?.byteLength ?? null,
        file_name: file?.fileName ?? null,
      })
      .execute();
  }

  async ofCall(callId: string): Promise<StoredChatMessage[]> {
    const rows = await this.db
      .selectFrom('call_chat_messages')
      .select(COLUMNS)
      .where('call_id', '=', callId)
      .orderBy('seq')
      .execute();
    return rows.map(toMessage);
  }

  async file(callId: string, fileId: string): Promise<StoredChatMessage | undefined> {
    const row = await this.db
      .selectFrom('call_chat_messages')
      .select(COLUMNS)
      .where('call_id', '=', callId)
      .where('file_id', '=', fileId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  /** How many messages, and how many of them files, a call holds: the caps' counts. */
  async counts(callId: string): Promise<{ messages: number; files: number }> {
    const row = await this.db
      .selectFrom('call_chat_messages')
      .select((eb) => [eb.fn.countAll<number>().as('messages'), eb.fn.count<number>('file_id').as('files')])
      .where('call_id', '=', callId)
      .executeTakeFirstOrThrow();
    return { messages: Number(row.messages), files: Number(row.files) };
  }
}
