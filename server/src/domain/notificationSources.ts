import type { Logger } from '../logger';
import type { NotebookRole, RoomRole, Store } from '../store/ports';
import type { ChatEvents, MessageSent } from './chatEvents';
import { mentionCandidates } from './mentions';
import type { NotebookAccessChanged, NotebookEvents } from './notebookEvents';
import type { NotificationService } from './notificationService';
import type { MembershipChanged, RoomEvents } from './roomEvents';
import type { ThreadActivity, ThreadEvents } from './threadEvents';

export interface NotificationSourceBuses {
  chat: ChatEvents;
  rooms: RoomEvents;
  threads: ThreadEvents;
  notebooks: NotebookEvents;
}

const EXCERPT_CHARS = 120;

/** A one-line excerpt of a message for the notification's text. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS - 1).join('')}…` : line;
}

/**
 * What becomes a notification, read off the domain's buses (so no service knows notifications exist):
 * a mention in chat or in a thread, a reply to a thread one wrote or replied in (one per thread while unread), being added to a
 * room or notebook by someone else, a role changed by someone else. Returns a function that stops listening.
 */
export function followNotificationSources(buses: NotificationSourceBuses, deps: { store: Store; notifications: NotificationService; logger: Logger }): () => void {
  const { store, notifications, logger } = deps;
  // The buses call synchronously after their write; the work here runs after, and a failure is only logged.
  const run = (what: string, work: () => Promise<unknown>) => {
    work().catch((err: unknown) => logger.error({ err }, `notifications: ${what} failed`));
  };

  const onMessage = async (event: MessageSent) => {
    if (event.mentionedUserIds.length === 0) return;
    const room = await store.rooms.findById(event.message.roomId);
    if (!room) return;
    for (const userId of event.mentionedUserIds) {
      await notifications.notify({
        userId,
        kind: 'mention',
        actorId: event.message.author.id,
        subjectType: 'room',
        subjectId: room.id,
        groupKey: null,
        params: { title: room.name, excerpt: excerpt(event.message.body), messageId: event.message.id },
      });
    }
  };

  /** Users a post mentions with `@username` (threads are open to everyone signed in), the author left out. */
  const mentionedIn = async (body: string, authorId: string): Promise<string[]> => {
    const users = await Promise.all(mentionCandidates(body).map((name) => store.users.findByUsername(name)));
    return [...new Set(users.flatMap((u) => (u && u.id !== authorId ? [u.id] : [])))];
  };

  const mentionInThread = (userId: string, actorId: string, thread: { id: string; title: string }, body: string, extra: Record<string, string>) =>
    notifications.notify({
      userId,
      kind: 'mention',
      actorId,
      subjectType: 'thread',
      subjectId: thread.id,
      groupKey: null,
      params: { title: thread.title, excerpt: excerpt(body), ...extra },
    });

  const onThread = async (event: ThreadActivity) => {
    if (event.type === 'thread.created') {
      const { thread } = event;
      for (const userId of await mentionedIn(thread.body, thread.author.id)) await mentionInThread(userId, thread.author.id, thread, thread.body, {});
      return;
    }
    if (event.type !== 'thread.reply' || event.reply.change !== 'created') return;
    const { threadId, reply } = event.reply;
    const [thread, replies] = await Promise.all([store.threads.findById(threadId), store.threads.listReplies(threadId)]);
    if (!thread || thread.deletedAt !== null) return;
    const repliers = new Set(replies.filter((r) => r.deletedAt === null).map((r) => r.authorId));
    const told = new Map<string, 'own' | 'participated'>([[thread.authorId, 'own']]);
    for (const userId of repliers) if (!told.has(userId)) told.set(userId, 'participated');
    told.delete(reply.author.id);
    // Someone the reply mentions is told of the mention, not of the reply as well.
    for (const userId of await mentionedIn(reply.body, reply.author.id)) {
      told.delete(userId);
      await mentionInThread(userId, reply.author.id, thread, reply.body, { replyId: reply.id });
    }
    for (const [userId, variant] of told) {
      await notifications.notify({
        userId,
        kind: 'reply',
        actorId: reply.author.id,
        subjectType: 'thread',
        subjectId: threadId,
        groupKey: `reply:${threadId}`,
        params: { title: thread.title, variant, replyId: reply.id },
      });
    }
  };

  const onRoomMembership = async (event: MembershipChanged) => {
    if (event.type === 'member.removed' || !event.actorId) return;
    const room = await store.rooms.findById(event.roomId);
    if (!room) return;
    await notifications.notify({
      userId: event.userId,
      kind: event.type === 'member.added' ? 'invite' : 'role_changed',
      actorId: event.actorId,
      subjectType: 'room',
      subjectId: room.id,
      groupKey: null,
      params: { title: room.name, role: event.role satisfies RoomRole },
    });
  };

  const onNotebookAccess = async (event: NotebookAccessChanged) => {
    const { userId, actorId, role, previousRole } = event;
    if (!userId || !actorId || previousRole === undefined) return;
    // The role the member was given (a removal, or a community notebook's implied viewer, tells nothing).
    const member = await store.notebooks.getMember(event.notebookId, userId);
    if (!member || member.role === previousRole || member.role !== role) return;
    const notebook = await store.notebooks.findById(event.notebookId);
    if (!notebook) return;
    await notifications.notify({
      userId,
      kind: previousRole === null ? 'invite' : 'role_changed',
      actorId,
      subjectType: 'notebook',
      subjectId: notebook.id,
      groupKey: null,
      params: { title: notebook.title, role: member.role satisfies NotebookRole },
    });
  };

  const detach = [
    buses.chat.on((e) => run('a mention', () => onMessage(e))),
    buses.threads.on((e) => run('a reply', () => onThread(e))),
    buses.rooms.on((e) => run('a room membership', () => onRoomMembership(e))),
    buses.notebooks.on((e) => run('a notebook role', () => onNotebookAccess(e))),
  ];
  return () => detach.forEach((off) => off());
}
