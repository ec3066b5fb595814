// Notifications per user, newest first; an unread one of a group key is found to fold the next into it.
// The kinds a user turned off are one row per kind.
export const sql = `
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  actor_id TEXT,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  group_key TEXT,
  count INTEGER NOT NULL DEFAULT 1,
  params TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user_order ON notifications(user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);
CREATE UNIQUE INDEX notifications_unread_group ON notifications(user_id, group_key) WHERE group_key IS NOT NULL AND read_at IS NULL;
CREATE TABLE notification_settings (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);
`;
