import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { QuickReply } from '../../shared/contracts/chat.js';
import type { CallRegistry, CallStore, TimelineStore } from '../call/index.js';
import type { ChatConfig } from '../platform/config.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import type { Db } from '../platform/database/database.js';
import { CallChats } from './call-chats.js';
import { ChatStore } from './chat-store.js';
import { DEFAULT_QUICK_REPLIES, parseQuickReplies } from './rules/quick-replies.js';

export interface ChatFeature {
  chats: CallChats;
  quickReplies: readonly QuickReply[];
}

/** The teller's quick replies: the configured file's (read once, at start), or the built-in list. */
function quickRepliesOf(file: string | undefined): readonly QuickReply[] {
  if (!file) return DEFAULT_QUICK_REPLIES;
  try {
    return parseQuickReplies(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`SKYTELLER_CHAT_QUICK_REPLIES (${file}): ${(error as Error).message}`, { cause: error });
  }
}

export function createChatFeature(deps: {
  db: Db;
  kysely: Kysely<Schema>;
  config: { dataDir: string; chat: ChatConfig };
  events: TimelineStore;
  registry: CallRegistry;
  calls: CallStore;
  clock: () => number;
  staffName: (userId: string) => string | undefined;
}): ChatFeature {
  const chats = new CallChats({
    db: deps.db,
    kysely: deps.kysely,
    store: new ChatStore(deps.db),
    events: deps.events,
    registry: deps.registry,
    calls: deps.calls,
    filesDir: path.join(deps.config.dataDir, 'chat-files'),
    fileMaxBytes: deps.config.chat.fileMaxBytes,
    clock: deps.clock,
    newId: randomUUID,
    staffName: deps.staffName,
  });
  return { chats, quickReplies: quickRepliesOf(deps.config.chat.quickRepliesFile) };
}
