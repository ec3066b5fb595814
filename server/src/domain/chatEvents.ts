import type { ChatMessage } from '@cohort/shared';
import { EventBus } from './eventBus';

/** A new chat message was stored; `mentionedUserIds` are the members it mentions, the author left out. */
export interface MessageSent {
  type: 'message.sent';
  message: ChatMessage;
  mentionedUserIds: string[];
}

/** In-process bus for what chat wrote, for listeners other than the room's own live audience (notifications). */
export class ChatEvents extends EventBus<MessageSent> {}
