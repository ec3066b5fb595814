// Rooms get a kind: the existing ones are topic rooms. A direct room carries the key of its member set, unique,
// so two concurrent "open the conversation of these people" cannot make two rooms (topic rooms have NULL).
export const sql = `
ALTER TABLE rooms ADD COLUMN kind TEXT NOT NULL DEFAULT 'topic' CHECK (kind IN ('topic', 'direct'));
ALTER TABLE rooms ADD COLUMN direct_key TEXT;
CREATE UNIQUE INDEX rooms_direct_key ON rooms(direct_key) WHERE direct_key IS NOT NULL;
`;
