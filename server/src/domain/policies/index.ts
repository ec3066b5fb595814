// Every "may this user do X to Y" of the hub, one file per resource. Pure rules over records and roles; the
// caller reads what they need (a membership) and turns a refusal into the contract's error.
export { isFixedRoomMember, mayManageRoomMembers, mayReadRoom, moderatesRoom, takesPartInRoom, type RoomMembership } from './rooms';
export { mayDeleteMessage, mayEditMessage } from './messages';
export { mayManageNotebook, mayReadNotebook, mayWriteNotebook, notebookRole, ownsNotebook, type NotebookAccess, type NotebookMembership } from './notebooks';
export { isCommunityModerator, mayDeletePost, mayEditPost, type Post, type PostActor } from './threads';
export { mayReadDiscussion, type DiscussionAccess, type Memberships } from './discussions';
