import { z } from 'zod';

// C0/C1 control characters other than tab, newline and carriage return: never valid in user text.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A single line also refuses newlines and tabs.
const LINE_BREAKS = /[\t\r\n\u2028\u2029]/;

/**
 * The same rules as JSON Schema patterns, for the OpenAPI document: zod refinements do not show in it, and
 * without them a client (or a fuzzer) cannot tell which strings the hub accepts.
 */
export const TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$';
export const LINE_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';

/** A one-line name or label: trimmed, 1..max characters, no control characters or line breaks. */
export function singleLine(max: number, min = 1) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s) && !LINE_BREAKS.test(s), 'must not contain control characters or line breaks')
    .meta({ pattern: LINE_PATTERN });
}

/** Free text (markdown, bios, messages): up to max characters, newlines allowed, other control characters not. */
export function multiLine(max: number, min = 0) {
  return z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
    .meta({ pattern: TEXT_PATTERN });
}

/** A list of short one-line items, de-duplicated case-insensitively in the order given. */
export function itemList(maxItems: number, maxItemLength: number) {
  return z
    .array(singleLine(maxItemLength))
    .max(maxItems, `must have at most ${maxItems} items`)
    .transform((items) => {
      const seen = new Set<string>();
      return items.filter((item) => {
        const key = item.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });
}
