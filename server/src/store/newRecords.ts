import { newId, nowIso } from './ids';
import type {
  MessageRecord,
  MessageStore,
  NotebookRecord,
  NotebookStore,
  ReplyRecord,
  RoomRecord,
  RoomStore,
  ThreadRecord,
  ThreadStore,
  VersionRecord,
  VersionStore,
} from './ports';

// What a freshly created record holds is the same in every adapter; only how it is written differs.

export function newRoomRecord(input: Parameters<RoomStore['create']>[0]): RoomRecord {
  return {
    id: newId(),
    name: input.name,
    topic: input.topic,
    description: input.description,
    visibility: input.visibility,
    kind: 'topic',
    ownerId: input.ownerId,
    createdAt: nowIso(),
  };
}

/** A direct room has no name, topic or description of its own: clients name it by its members. */
export function newDirectRoomRecord(creatorId: string): RoomRecord {
  return { id: newId(), name: '', topic: '', description: '', visibility: 'private', kind: 'direct', ownerId: creatorId, createdAt: nowIso() };
}

export function newMessageRecord(input: Parameters<MessageStore['append']>[0]): MessageRecord {
  return {
    id: newId(),
    roomId: input.roomId,
    authorId: input.authorId,
    body: input.body,
    clientId: input.clientId,
    mentions: [...input.mentions],
    reactions: {},
    createdAt: nowIso(),
    editedAt: null,
    deletedAt: null,
  };
}

export function newThreadRecord(input: Parameters<ThreadStore['create']>[0]): ThreadRecord {
  const now = nowIso();
  return {
    id: newId(),
    title: input.title,
    body: input.body,
    tags: [...input.tags],
    authorId: input.authorId,
    score: 0,
    replyCount: 0,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
    lastActivityAt: now,
  };
}

export function newReplyRecord(input: Parameters<ThreadStore['addReply']>[0]): ReplyRecord {
  return {
    id: newId(),
    threadId: input.threadId,
    authorId: input.authorId,
    body: input.body,
    replyTo: input.replyTo,
    createdAt: nowIso(),
    editedAt: null,
    deletedAt: null,
  };
}

export function newNotebookRecord(input: Parameters<NotebookStore['create']>[0]): NotebookRecord {
  const now = nowIso();
  return {
    id: newId(),
    title: input.title,
    ownerId: input.ownerId,
    visibility: input.visibility,
    createdAt: now,
    updatedAt: now,
  };
}

export function newVersionRecord(input: Parameters<VersionStore['create']>[0]): VersionRecord {
  return {
    id: newId(),
    notebookId: input.notebookId,
    label: input.label,
    authorId: input.authorId,
    auto: input.auto,
    createdAt: nowIso(),
  };
}
