import type { DiscussionType } from '@cohort/shared';
import * as Y from 'yjs';
import type { ProfileRecord, Store } from '../../store/ports';

// A discussion the semantic layer can return: defined once, in @cohort/shared, beside the API's schemas.
export { DISCUSSION_TYPES, type DiscussionType } from '@cohort/shared';

/** What results show of an item and who may see it, kept beside its vector. */
export interface ItemMeta {
  type: DiscussionType;
  id: string;
  title: string;
  snippet: string;
  /** Author of a thread, owner of a room or notebook. */
  ownerId: string;
  /** Public items are readable by anyone signed in; the others need a membership check. */
  isPublic: boolean;
  /** The text that was embedded, kept for cluster labels. */
  text: string;
  /**
   * The short line that says what the item is (a thread's title and tags, a room's name and topic, a
   * notebook's title): embedded on its own too, so a long body cannot drown it (see indexFields.ts).
   */
  heading: string;
  /** A thread's tags (rooms and notebooks have none). */
  tags: string[];
  /**
   * Who took part, as far as the item itself shows: a thread's author and repliers, a room's or notebook's
   * members. Votes are read apart (signals/engagementReader.ts): a vote changes no text.
   */
  participants: string[];
}

/** Budgets in characters: the model reads 512 tokens, so the title and body come first and digests fill the rest. */
const BODY_CHARS = 1500;
const DIGEST_CHARS = 1200;
const DIGEST_ITEM_CHARS = 200;
const RECENT_MESSAGES = 30;
const SNIPPET_CHARS = 160;

const squash = (s: string): string => s.replace(/\s+/gu, ' ').trim();
const cut = (s: string, n: number): string => ([...s].length <= n ? s : `${[...s].slice(0, n).join('')}…`);

/** Joins short texts until `budget` characters are used; each is cut to DIGEST_ITEM_CHARS first. */
function digest(parts: string[], budget = DIGEST_CHARS): string {
  const out: string[] = [];
  let used = 0;
  for (const raw of parts) {
    const part = cut(squash(raw), DIGEST_ITEM_CHARS);
    if (!part) continue;
    if (used + part.length > budget) break;
    out.push(part);
    used += part.length + 1;
  }
  return out.join('\n');
}

/** Profile texts: one vector per kind, plus one per offer and need item so matches can name the item. */
export interface ProfileTexts {
  about: string;
  offers: string;
  needs: string;
  offerItems: string[];
  needItems: string[];
}

export function profileTexts(profile: ProfileRecord): ProfileTexts {
  const about = [profile.role, profile.interests.join(', '), profile.skills.join(', '), profile.lookingFor.join(', '), squash(profile.bio)]
    .filter(Boolean)
    .join('\n');
  return {
    about,
    offers: profile.offers.join('; '),
    needs: profile.needs.join('; '),
    offerItems: [...profile.offers],
    needItems: [...profile.needs],
  };
}

/**
 * Reads items from the store and makes the text to embed (and the card to show) for each. Null means the
 * item is gone (or deleted) and should leave the index.
 */
export class ContentTexts {
  constructor(private readonly store: Store) {}

  async discussion(type: DiscussionType, id: string): Promise<ItemMeta | null> {
    switch (type) {
      case 'thread':
        return this.thread(id);
      case 'room':
        return this.room(id);
      case 'notebook':
        return this.notebook(id);
    }
  }

  async thread(id: string): Promise<ItemMeta | null> {
    const thread = await this.store.threads.findById(id);
    if (!thread || thread.deletedAt !== null) return null;
    const live = (await this.store.threads.listReplies(id)).filter((r) => r.deletedAt === null);
    const replies = live.map((r) => r.body);
    const body = cut(squash(thread.body), BODY_CHARS);
    const heading = [thread.title, thread.tags.join(' ')].filter(Boolean).join('\n');
    const text = [heading, body, digest(replies)].filter(Boolean).join('\n');
    return {
      type: 'thread',
      id,
      title: thread.title,
      snippet: cut(squash(thread.body), SNIPPET_CHARS),
      ownerId: thread.authorId,
      isPublic: true,
      text,
      heading,
      tags: [...thread.tags],
      participants: [...new Set([thread.authorId, ...live.map((r) => r.authorId)])],
    };
  }

  async room(id: string): Promise<ItemMeta | null> {
    const room = await this.store.rooms.findById(id);
    // A direct conversation is never searched, recommended or clustered, even for its members.
    if (!room || room.kind === 'direct') return null;
    const page = await this.store.messages.pageBefore(id, null, RECENT_MESSAGES);
    // Newest first into the digest: the budget keeps what the room talks about now.
    const recent = page.messages.filter((m) => m.deletedAt === null).map((m) => m.body).reverse();
    const heading = [room.name, room.topic].filter(Boolean).join('\n');
    const text = [heading, squash(room.description), digest(recent)].filter(Boolean).join('\n');
    const members = await this.store.rooms.listMembers(id);
    return {
      type: 'room',
      id,
      title: room.name,
      snippet: cut(squash([room.topic, room.description].filter(Boolean).join(' — ')), SNIPPET_CHARS),
      ownerId: room.ownerId,
      isPublic: room.visibility === 'public',
      text,
      heading,
      tags: [],
      participants: members.map((m) => m.userId),
    };
  }

  async notebook(id: string): Promise<ItemMeta | null> {
    const notebook = await this.store.notebooks.findById(id);
    if (!notebook) return null;
    const { title, cells } = await this.notebookContent(`notebook:${id}`);
    const shownTitle = title || notebook.title;
    const text = [shownTitle, digest(cells, BODY_CHARS + DIGEST_CHARS)].filter(Boolean).join('\n');
    const members = await this.store.notebooks.listMembers(id);
    return {
      type: 'notebook',
      id,
      title: shownTitle,
      snippet: cut(squash(cells.join(' ')), SNIPPET_CHARS),
      ownerId: notebook.ownerId,
      isPublic: notebook.visibility === 'community',
      text,
      heading: shownTitle,
      tags: [],
      participants: [...new Set([notebook.ownerId, ...members.map((m) => m.userId)])],
    };
  }

  /** The notebook's Yjs document (contract shape: meta.title, cells[].source) as plain text. */
  private async notebookContent(docName: string): Promise<{ title: string; cells: string[] }> {
    const stored = await this.store.documents.load(docName);
    const doc = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const { update } of stored.updates) Y.applyUpdate(doc, update);
      const title = doc.getMap('meta').get('title');
      const cells: string[] = [];
      for (const cell of doc.getArray<unknown>('cells').toArray()) {
        if (!(cell instanceof Y.Map)) continue;
        const source = cell.get('source');
        // Metrics cells are CSV numbers: noise for a text model.
        if (cell.get('type') === 'metrics') continue;
        if (source instanceof Y.Text || typeof source === 'string') cells.push(source.toString());
      }
      return { title: typeof title === 'string' ? title : '', cells };
    } finally {
      doc.destroy();
    }
  }
}
