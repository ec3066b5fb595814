// Cohort schema v1. Times are ISO-8601 UTC text; ids are ULIDs (time-ordered text).
// Kept as a TS module (not a .sql file) so it ships inside the compiled build.
export const sql = `
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE profiles (
  user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  -- ProfileFields as JSON: read and written whole, never queried field by field.
  data       TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE rooms (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  topic       TEXT NOT NULL,
  description TEXT NOT NULL,
  visibility  TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  owner_id    TEXT NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL
);
CREATE INDEX rooms_visibility ON rooms(visibility, id);

CREATE TABLE room_members (
  room_id              TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id              TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role                 TEXT NOT NULL CHECK (role IN ('owner', 'moderator', 'member')),
  joined_at            TEXT NOT NULL,
  last_read_message_id TEXT,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user ON room_members(user_id);

CREATE TABLE messages (
  id         TEXT PRIMARY KEY,
  room_id    TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  author_id  TEXT NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  mentions   TEXT NOT NULL DEFAULT '[]',  -- JSON array of lower-case usernames
  reactions  TEXT NOT NULL DEFAULT '{}',  -- JSON object emoji -> [userId]
  created_at TEXT NOT NULL,
  edited_at  TEXT,
  deleted_at TEXT,
  UNIQUE (author_id, client_id)
);
CREATE INDEX messages_room_order ON messages(room_id, created_at, id);

CREATE TABLE threads (
  id               TEXT PRIMARY KEY,
  title            TEXT NOT NULL,
  body             TEXT NOT NULL,
  tags             TEXT NOT NULL DEFAULT '[]',  -- JSON array, normalized
  author_id        TEXT NOT NULL REFERENCES users(id),
  score            INTEGER NOT NULL DEFAULT 0,
  reply_count      INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  edited_at        TEXT,
  deleted_at       TEXT,
  last_activity_at TEXT NOT NULL,
  -- rowid of this thread's threads_fts row while it is live (NULL once deleted). Kept explicitly because the
  -- implicit rowid of a table with a TEXT primary key may change on VACUUM.
  fts_rowid        INTEGER UNIQUE
);
CREATE INDEX threads_new ON threads(deleted_at, created_at, id);
CREATE INDEX threads_top ON threads(deleted_at, score, id);
CREATE INDEX threads_active ON threads(deleted_at, last_activity_at, id);
CREATE INDEX threads_author ON threads(author_id);

CREATE TABLE thread_tags (
  thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  tag       TEXT NOT NULL,
  PRIMARY KEY (tag, thread_id)
);

CREATE TABLE replies (
  id         TEXT PRIMARY KEY,
  thread_id  TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id  TEXT NOT NULL REFERENCES users(id),
  body       TEXT NOT NULL,
  reply_to   TEXT REFERENCES replies(id),
  created_at TEXT NOT NULL,
  edited_at  TEXT,
  deleted_at TEXT
);
CREATE INDEX replies_thread ON replies(thread_id, created_at, id);
CREATE INDEX replies_author ON replies(author_id);

CREATE TABLE votes (
  thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  value     INTEGER NOT NULL CHECK (value IN (-1, 0, 1)),
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX votes_user ON votes(user_id);

-- Full-text index over live threads (rowid = threads.fts_rowid). trigram finds Chinese substrings of 3+
-- characters; shorter queries fall back to substring matching in the adapter.
CREATE VIRTUAL TABLE threads_fts USING fts5(title, body, tags, tokenize = 'trigram');

CREATE TABLE notebooks (
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  owner_id   TEXT NOT NULL REFERENCES users(id),
  visibility TEXT NOT NULL CHECK (visibility IN ('private', 'community')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX notebooks_visibility ON notebooks(visibility);

CREATE TABLE notebook_members (
  notebook_id TEXT NOT NULL REFERENCES notebooks(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
  added_at    TEXT NOT NULL,
  PRIMARY KEY (notebook_id, user_id)
);
CREATE INDEX notebook_members_user ON notebook_members(user_id);

-- Yjs persistence: a merged snapshot per document plus the log of updates since.
CREATE TABLE doc_snapshots (
  doc_name     TEXT PRIMARY KEY,
  state        BLOB NOT NULL,
  snapshot_seq INTEGER NOT NULL
);
CREATE TABLE doc_updates (
  doc_name TEXT NOT NULL,
  seq      INTEGER NOT NULL,
  update_data BLOB NOT NULL,
  PRIMARY KEY (doc_name, seq)
);

CREATE TABLE notebook_versions (
  id          TEXT PRIMARY KEY,
  notebook_id TEXT NOT NULL REFERENCES notebooks(id) ON DELETE CASCADE,
  label       TEXT NOT NULL,
  author_id   TEXT REFERENCES users(id),
  auto        INTEGER NOT NULL DEFAULT 0,
  state       BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX notebook_versions_nb ON notebook_versions(notebook_id, created_at);

CREATE TABLE embeddings (
  type         TEXT NOT NULL,
  item_id      TEXT NOT NULL,
  field        TEXT NOT NULL,
  model        TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  vector       BLOB NOT NULL,  -- little-endian float32
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (type, item_id, field)
);
CREATE INDEX embeddings_model ON embeddings(type, model);
`;
