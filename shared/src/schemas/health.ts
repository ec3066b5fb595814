import { z } from 'zod';

/**
 * GET /api/health. `status` is `degraded` (with `reason`) while the store cannot write; `embeddings.state`
 * says whether the semantic features can answer.
 */
export const healthResponseSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    reason: z.string().optional(),
    version: z.string(),
    store: z.enum(['sqlite', 'mongo']),
    embeddings: z.object({ model: z.string(), state: z.enum(['ready', 'loading', 'unavailable']) }),
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof healthResponseSchema>;
