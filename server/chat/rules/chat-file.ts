import { checkDocument } from '../../../shared/catalog/document-check.js';
import type { DocumentType } from '../../../shared/catalog/fields.js';
import { CHAT_FILE_TYPES, MAX_CHAT_FILE_NAME_CHARS } from '../../../shared/contracts/chat.js';

export type ChatFileCheck =
  | { ok: true; mediaType: DocumentType }
  | { ok: false; code: 'chat_file_type' | 'chat_file_too_large'; problem: string };

/** Whether bytes may go into a call's chat: a PDF, JPEG or PNG by its first bytes, within the size limit. */
export function checkChatFile(bytes: Uint8Array, maxBytes: number): ChatFileCheck {
  const check = checkDocument(bytes, { maxBytes, accept: CHAT_FILE_TYPES });
  if (check.ok) return check;
  if (check.code === 'document_too_large')
    return { ok: false, code: 'chat_file_too_large', problem: `larger than ${maxBytes} bytes` };
  const problem = check.code === 'document_empty' ? 'the file is empty' : 'not a PDF, JPEG or PNG';
  return { ok: false, code: 'chat_file_type', problem };
}

// Path separators, control characters and bidirectional controls: a name is shown, never used as a path.
// eslint-disable-next-line no-control-regex
const NOT_IN_NAMES = /[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A file's name as the chat shows it; null when nothing is left of it. */
export function chatFileName(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const name = raw.normalize('NFC').replace(NOT_IN_NAMES, '').trim().slice(0, MAX_CHAT_FILE_NAME_CHARS);
  return name === '' ? null : name;
}
