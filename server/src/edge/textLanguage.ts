import Negotiator from 'negotiator';
import { TEXT_LANGUAGES, type TextLanguage } from '@cohort/shared';

const isLanguage = (value: unknown): value is TextLanguage => typeof value === 'string' && (TEXT_LANGUAGES as readonly string[]).includes(value);

/**
 * The language server-written text is told in: an explicit choice (`?lang=`, a socket's `auth.lang`) first,
 * then the best of Accept-Language (`zh-CN` counts as zh), else English.
 */
export function textLanguageOf(explicit: unknown, acceptLanguage: string | undefined): TextLanguage {
  if (isLanguage(explicit)) return explicit;
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? '' } }).language([...TEXT_LANGUAGES]);
  return isLanguage(best) ? best : 'en';
}
