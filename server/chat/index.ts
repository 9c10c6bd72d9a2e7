// What other features may use of this one.
export { chatRoutes } from './chat-http.js';
export { chatHandlers, forwardChatEvents } from './chat-socket.js';
export { createChatFeature } from './chat-setup.js';
export type { ChatFeature } from './chat-setup.js';
export type { CallChats } from './call-chats.js';
