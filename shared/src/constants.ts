// Plain values both sides use, in a module without zod: the web client imports them without pulling in the
// schemas (its build treats the shared package as free of side effects, so unused schema modules drop out).

/** Longest `q=` of a people search: the longest username (display names are longer, but a prefix is enough). */
export const USER_SEARCH_MAX_CHARS = 32;
export const USER_SEARCH_MAX_LIMIT = 20;
export const USER_SEARCH_DEFAULT_LIMIT = 10;

/** The kinds of discussion the semantic endpoints index and return. */
export const DISCUSSION_TYPES = ['thread', 'room', 'notebook'] as const;
