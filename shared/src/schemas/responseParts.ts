import { z } from 'zod';

/** A time as every answer carries it: ISO-8601 in UTC (`2026-11-29T10:00:00.000Z`). */
export const isoTimeSchema = z.iso.datetime();

/**
 * `schema` or null. A union rather than `.nullable()`: the OpenAPI generator would otherwise fold the null
 * into the named component itself, making every use of it nullable.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);
