import type { ProfileFields } from './ports';

/** What a profile holds before its owner fills anything in. */
export function emptyProfileFields(): ProfileFields {
  return {
    bio: '',
    role: '',
    stage: '',
    skills: [],
    interests: [],
    offers: [],
    needs: [],
    languages: [],
    timezone: '',
    hoursPerWeek: null,
    lookingFor: [],
    preferences: { requireSharedLanguage: false, minHoursPerWeek: null, maxTimezoneDiffHours: null },
  };
}
