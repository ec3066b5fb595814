// Ending every session of a user (password change) looks them up by user; /api/health proves the store can
// still write by rewriting the one row of health_probe.
export const sql = `
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
`;
