import * as m001 from './001_initial';

/** Numbered migrations, applied in order; `PRAGMA user_version` records how many ran. Append, never edit. */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'initial', sql: m001.sql },
];
