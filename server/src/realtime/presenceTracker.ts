/**
 * Who is in which live room. A user is online in a room while at least one of their sockets (tabs) is in
 * it. Behind an interface so a Redis-backed tracker can share the state when several processes serve.
 */
export interface PresenceTracker {
  /** Records a socket of the user in the room; true when the user was not online there before. */
  enter(roomId: string, userId: string, socketId: string): Promise<boolean>;
  /** Forgets one socket; true when it was the user's last one in the room. */
  leave(roomId: string, userId: string, socketId: string): Promise<boolean>;
  /** Forgets every socket of the user in the room (they were removed); true when they were online. */
  evict(roomId: string, userId: string): Promise<boolean>;
  /** Ids of the users online in the room, in the order they came online. */
  online(roomId: string): Promise<string[]>;
  /**
   * Shared trackers only: presence changed without a leave through this process (another process stopped
   * and its users dropped out, or entries were restored); `droppedUserIds` went offline.
   */
  onExternalChange?(listener: (roomId: string, droppedUserIds: string[]) => void): void;
}

/** Presence for a single process. */
export class MemoryPresenceTracker implements PresenceTracker {
  // roomId -> userId -> socket ids
  private readonly rooms = new Map<string, Map<string, Set<string>>>();

  async enter(roomId: string, userId: string, socketId: string): Promise<boolean> {
    let users = this.rooms.get(roomId);
    if (!users) this.rooms.set(roomId, (users = new Map()));
    let sockets = users.get(userId);
    const cameOnline = !sockets;
    if (!sockets) users.set(userId, (sockets = new Set()));
    sockets.add(socketId);
    return cameOnline;
  }

  async leave(roomId: string, userId: string, socketId: string): Promise<boolean> {
    const users = this.rooms.get(roomId);
    const sockets = users?.get(userId);
    if (!users || !sockets || !sockets.delete(socketId)) return false;
    if (sockets.size > 0) return false;
    users.delete(userId);
    if (users.size === 0) this.rooms.delete(roomId);
    return true;
  }

  async evict(roomId: string, userId: string): Promise<boolean> {
    const users = this.rooms.get(roomId);
    if (!users?.delete(userId)) return false;
    if (users.size === 0) this.rooms.delete(roomId);
    return true;
  }

  async online(roomId: string): Promise<string[]> {
    return [...(this.rooms.get(roomId)?.keys() ?? [])];
  }
}
