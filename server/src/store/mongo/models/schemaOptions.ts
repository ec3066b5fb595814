import type { SchemaDefinition, SchemaOptions } from 'mongoose';

/**
 * What every collection's schema shares: unknown fields are an error (on writes and in filters), no `__v`,
 * `_id` is our own string id, and indexes are built by the store at open, not in the background.
 */
export const schemaOptions = {
  strict: 'throw',
  strictQuery: 'throw',
  versionKey: false,
  minimize: false,
  id: false,
  autoIndex: false,
  autoCreate: false,
} as const satisfies SchemaOptions;

/**
 * A schema definition with a path for every field of `Doc` and for nothing else (use it with `satisfies`):
 * a field added to a record then cannot be left out of its collection's schema, where strict mode would
 * reject every write that carries it.
 */
export type SchemaPaths<Doc> = Required<SchemaDefinition<Doc>>;

/** Our string id; `_id` of every document. */
export const idField = { type: String, required: true };
/** A string that must be present and non-empty (ids, times, keys). */
export const requiredString = { type: String, required: true };
/** Free text that may be empty (mongoose's `required` rejects ''). */
export const textField = { type: String, default: '' };
/** A string or null (optional times and references). */
export const nullableString = { type: String, default: null };
/** A list of strings, empty by default. */
export const stringList = { type: [String], default: (): string[] => [] };
