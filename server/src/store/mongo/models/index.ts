import type { Connection } from 'mongoose';
import { counterModel } from './counters';
import { directRoomModel } from './directRooms';
import { docSnapshotModel } from './docSnapshots';
import { docUpdateModel } from './docUpdates';
import { embeddingModel } from './embeddings';
import { messageModel } from './messages';
import { notebookMemberModel } from './notebookMembers';
import { notebookModel } from './notebooks';
import { notificationModel, notificationSettingsModel } from './notifications';
import { profileModel } from './profiles';
import { replyModel } from './replies';
import { roomMemberModel } from './roomMembers';
import { roomModel } from './rooms';
import { sessionModel } from './sessions';
import { threadModel } from './threads';
import { userModel } from './users';
import { versionModel } from './versions';
import { voteModel } from './votes';

/** Every collection's model, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    users: userModel(connection),
    sessions: sessionModel(connection),
    profiles: profileModel(connection),
    rooms: roomModel(connection),
    roomMembers: roomMemberModel(connection),
    directRooms: directRoomModel(connection),
    messages: messageModel(connection),
    threads: threadModel(connection),
    replies: replyModel(connection),
    votes: voteModel(connection),
    notebooks: notebookModel(connection),
    notebookMembers: notebookMemberModel(connection),
    docSnapshots: docSnapshotModel(connection),
    docUpdates: docUpdateModel(connection),
    counters: counterModel(connection),
    versions: versionModel(connection),
    embeddings: embeddingModel(connection),
    notifications: notificationModel(connection),
    notificationSettings: notificationSettingsModel(connection),
  };
}

export type MongoModels = ReturnType<typeof createModels>;
