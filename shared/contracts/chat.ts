import { z } from 'zod';
import { DOCUMENT_TYPES, type DocumentType } from '../catalog/fields.js';

/**
 * In-call chat: text between the customer and the call's current teller (a
 * barging supervisor may join in), and files (PDF, JPEG, PNG). Text is plain
 * text: pages put it into the DOM as text only, never as HTML.
 */
const id = z.string().min(1).max(64);

/** Characters a message may hold, counted after it is cleaned (chat rules). */
export const MAX_CHAT_TEXT_CHARS = 2000;
/** A file's name as kept and shown; longer names are cut. */
export const MAX_CHAT_FILE_NAME_CHARS = 200;
/** The most a call's chat may hold: a page that loops must not fill the disk. */
export const MAX_CHAT_MESSAGES_PER_CALL = 2000;
export const MAX_CHAT_FILES_PER_CALL = 50;
/** The upload route's own bound: SKYTELLER_CHAT_FILE_MAX_MB may not be set above it. */
export const CHAT_FILE_CEILING_BYTES = 25 * 1024 * 1024;

export const CHAT_SENDERS = ['customer', 'teller', 'supervisor'] as const;
export type ChatSender = (typeof CHAT_SENDERS)[number];

/** The file types a chat accepts, judged from the bytes. */
export const CHAT_FILE_TYPES: readonly DocumentType[] = DOCUMENT_TYPES;

export const chatRequests = {
  /** The raw text; the server cleans it and refuses what is empty or too long after that. */
  'chat:send': z.object({
    callId: id,
    text: z
      .string()
      .min(1, 'code:required')
      // Before cleaning: a bound on what is read at all (cleaning only shortens).
      .max(MAX_CHAT_TEXT_CHARS * 2, 'code:too_long'),
  }),
  'chat:history': z.object({ callId: id }),
  'chat:quickReplies': z.object({}),
} as const;

/** A file as a chat message carries it; fetch it with `GET /api/calls/:callId/chat/files/:fileId`. */
export interface ChatFileView {
  fileId: string;
  sha256: string;
  mediaType: DocumentType;
  byteLength: number;
  fileName: string | null;
}

export interface ChatMessageView {
  messageId: string;
  callId: string;
  /** Server time (epoch ms). */
  at: number;
  from: ChatSender;
  /** The sender's display name for staff; null for the customer. */
  senderName: string | null;
  /** Plain text; empty for a file. */
  text: string;
  file: ChatFileView | null;
}

export interface QuickReply {
  id: string;
  'zh-CN': string;
  en: string;
}

export interface ChatResponses {
  'chat:send': ChatMessageView;
  'chat:history': { callId: string; messages: ChatMessageView[] };
  'chat:quickReplies': { replies: QuickReply[] };
}

export interface ChatServerEvents {
  /** A new message in a call this page takes part in (its own included, for its other tabs). */
  'chat:message': (message: ChatMessageView) => void;
}
