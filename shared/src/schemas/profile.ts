import { z } from 'zod';
import { isoTimeSchema } from './responseParts';
import { itemList, multiLine, singleLine } from './text';

const LIST = itemList(20, 80);

/** `UTC`, `UTC+8`, `UTC-03:30`, or an IANA zone name the runtime knows (e.g. `Asia/Shanghai`). */
export const timezoneSchema = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .refine((tz) => tz === '' || utcOffsetHours(tz) !== null, 'must be an IANA time zone (e.g. Asia/Shanghai) or UTC±H[:MM]');

export const matchPreferencesSchema = z.strictObject({
  requireSharedLanguage: z.boolean().optional(),
  minHoursPerWeek: z.number().int().min(0).max(168).nullable().optional(),
  maxTimezoneDiffHours: z.number().min(0).max(24).nullable().optional(),
});

/** PUT /api/me/profile: every field optional; only the fields given change. */
export const profileUpdateSchema = z.strictObject({
  bio: multiLine(2000),
  role: singleLine(80, 0),
  stage: singleLine(80, 0),
  skills: LIST,
  interests: LIST,
  offers: LIST,
  needs: LIST,
  languages: LIST,
  timezone: timezoneSchema,
  hoursPerWeek: z.number().int().min(0).max(168).nullable(),
  lookingFor: LIST,
  preferences: matchPreferencesSchema,
}).partial();
export type ProfileUpdateInput = z.infer<typeof profileUpdateSchema>;

/** Hard filters a user sets on who may be suggested as a partner. */
export const matchPreferencesViewSchema = z.object({
  /** Only people who share at least one of my languages. */
  requireSharedLanguage: z.boolean(),
  /** Only people who offer at least this many hours a week (null: any). */
  minHoursPerWeek: z.number().int().nullable(),
  /** Only people whose timezone is within this many hours of mine (null: any). */
  maxTimezoneDiffHours: z.number().nullable(),
});
export type MatchPreferences = z.infer<typeof matchPreferencesViewSchema>;

/** What a profile holds: the same fields in the store, the API and the client. */
export const profileFieldsSchema = z.object({
  bio: z.string(),
  role: z.string(),
  stage: z.string(),
  skills: z.array(z.string()),
  interests: z.array(z.string()),
  offers: z.array(z.string()),
  needs: z.array(z.string()),
  languages: z.array(z.string()),
  /** IANA zone name or UTC offset such as `UTC+8`; validated at the edge. */
  timezone: z.string(),
  hoursPerWeek: z.number().int().nullable(),
  lookingFor: z.array(z.string()),
  preferences: matchPreferencesViewSchema,
});
export type ProfileFields = z.infer<typeof profileFieldsSchema>;

/** A profile as the API shows it; `updatedAt` is null for a user who never saved one. */
export const publicProfileSchema = profileFieldsSchema
  .extend({ userId: z.string(), updatedAt: isoTimeSchema.nullable() })
  .meta({ id: 'Profile' });
export type PublicProfile = z.infer<typeof publicProfileSchema>;

/**
 * The zone's offset from UTC in hours at `at` (default now), or null if it is not a zone we understand.
 * Used to validate input and, later, to compare partners' time zones.
 */
export function utcOffsetHours(timezone: string, at: Date = new Date()): number | null {
  const fixed = /^(?:UTC|GMT)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(timezone);
  if (fixed) {
    if (!fixed[1]) return 0;
    const hours = Number(fixed[2]) + Number(fixed[3] ?? 0) / 60;
    if (hours > 14) return null;
    return fixed[1] === '-' ? -hours : hours;
  }
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' }).formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name);
    if (!m) return null;
    if (!m[1]) return 0;
    const hours = Number(m[2]) + Number(m[3]) / 60;
    return m[1] === '-' ? -hours : hours;
  } catch {
    return null;
  }
}

/** Hours between two UTC offsets on the clock face (so UTC+12 and UTC-11 are 1 hour apart), 0..12. */
export function offsetDistanceHours(a: number, b: number): number {
  const diff = Math.abs(a - b) % 24;
  return Math.min(diff, 24 - diff);
}
