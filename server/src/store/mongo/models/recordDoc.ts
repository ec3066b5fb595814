/**
 * A port record as a document: the record's `id` is the document's `_id`, and every other field is stored
 * as it is, so a field added to the record is a field of the document's type too.
 */
export type RecordDoc<R extends { id: string }> = Omit<R, 'id'> & { _id: string };
