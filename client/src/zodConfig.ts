import { z } from 'zod';

// zod compiles validators with `new Function` unless told not to; the hub's CSP (script-src 'self', no
// 'unsafe-eval') refuses that, and zod's probe for it is reported as a violation on every page.
// Exported and read by main.tsx: zod declares itself free of side effects, so a bare call is dropped.
export const zodSettings = z.config({ jitless: true });
