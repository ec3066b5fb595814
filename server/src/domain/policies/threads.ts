import type { PublicUser } from '@cohort/shared';
import type { ReplyRecord, ThreadRecord } from '../../store/ports';

/** Who acts on a post: the id decides authorship, the username moderation. */
export type PostActor = Pick<PublicUser, 'id' | 'username'>;

/** A thread or a reply. */
export type Post = Pick<ThreadRecord | ReplyRecord, 'authorId'>;

/** Community moderators are named by lower-case username in the config (MODERATORS). */
export const isCommunityModerator = (actor: PostActor, moderators: ReadonlySet<string>): boolean => moderators.has(actor.username.toLowerCase());

/** Anyone signed in reads, posts, replies and votes; only the author edits a thread or reply. */
export const mayEditPost = (actor: PostActor, post: Post): boolean => post.authorId === actor.id;

/** The author or a community moderator deletes a thread or reply. */
export const mayDeletePost = (actor: PostActor, post: Post, moderators: ReadonlySet<string>): boolean =>
  post.authorId === actor.id || isCommunityModerator(actor, moderators);
