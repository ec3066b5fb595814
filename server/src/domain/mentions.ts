// `@name` not glued to a preceding word character, so `bob@example.com` is not a mention.
const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g;
const MAX_MENTIONS = 20;

/**
 * Lower-case usernames a body may mention, first appearance first, at most 20. A trailing dot is
 * also tried without it, since `@alice.` usually ends a sentence. Callers keep only real room members.
 */
export function mentionCandidates(body: string): string[] {
  if (!body.includes('@')) return [];
  const seen = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    const name = match[1]!.toLowerCase();
    seen.add(name);
    const trimmed = name.replace(/[.]+$/, '');
    if (trimmed !== name && trimmed.length >= 3) seen.add(trimmed);
    if (seen.size >= MAX_MENTIONS) break;
  }
  return [...seen];
}
