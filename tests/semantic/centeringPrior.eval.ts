import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_ID } from '../../server/src/semantic/model/modelProfiles';
import { shareOfHash, targetOf } from '../../server/src/semantic/indexing/indexFields';
import { groupOf, type SpaceGroup } from '../../server/src/semantic/indexing/vectorSpaces';
import { communityHub } from './communityEval';

/**
 * Writes server/src/semantic/model/centeringPrior.ts: the default model's language means per group of
 * profile vectors, fitted on the dev half of the evaluation community (never the test half), which the hub
 * blends with each community's own means (modelProfiles.ts, `centering.priorWeight`), so a newcomer to a
 * young community barely moves anyone's match scores. Discussions get none: a community's discussions are
 * best centered on their own words (a prior from ours lowered the old fixture's related precision from 0.81
 * to 0.78), and their means are frozen between refits anyway (VectorSpaces). Run it again when the default
 * model, the texts the index embeds or the dev half change: jest with --testMatch naming this file, as
 * bench/semantic-quality/index.mjs runs the report.
 */
const OUT = path.join(__dirname, '..', '..', 'server', 'src', 'semantic', 'model', 'centeringPrior.ts');

it(
  'fits the built-in centering means on the dev half',
  async () => {
    const { hub } = await communityHub('dev', { engagement: true, reuseDir: process.env.QUALITY_REUSE_DIR ?? path.join(os.tmpdir(), 'cohort-quality') });
    const sums = new Map<SpaceGroup, { zh: Float64Array; en: Float64Array; nZh: number; nEn: number; items: number }>();
    try {
      for (const type of ['thread', 'room', 'notebook', 'profile'] as const) {
        for (const record of await hub.store.embeddings.listByType(type, DEFAULT_MODEL_ID)) {
          const target = targetOf(type, record.id, record.field);
          if (!target) continue;
          const group = groupOf(target.space);
          if (!group.startsWith('profile')) continue;
          let s = sums.get(group);
          if (!s) sums.set(group, (s = { zh: new Float64Array(record.vector.length), en: new Float64Array(record.vector.length), nZh: 0, nEn: 0, items: 0 }));
          const zh = shareOfHash(record.contentHash);
          record.vector.forEach((v, d) => {
            s!.zh[d]! += zh * v;
            s!.en[d]! += (1 - zh) * v;
          });
          s.nZh += zh;
          s.nEn += 1 - zh;
          s.items++;
        }
      }
    } finally {
      await hub.destroy();
    }
    const encode = (sum: Float64Array, n: number): string => Buffer.from(Float32Array.from(sum, (v) => v / n).buffer).toString('base64');
    const groups = [...sums].sort(([a], [b]) => (a < b ? -1 : 1));
    const body = groups.map(([group, s]) => `    '${group}': { items: ${s.items}, zh: '${encode(s.zh, s.nZh)}', en: '${encode(s.en, s.nEn)}' },`).join('\n');
    fs.writeFileSync(
      OUT,
      `import type { SpaceGroup } from '../indexing/vectorSpaces';

/**
 * Built-in language means (Float32, base64) per group of profile vectors, for models whose profile blends
 * them into each community's own means (modelProfiles.ts, centering.priorWeight): fitted on the dev half of the
 * evaluation community by tests/semantic/centeringPrior.eval.ts (generated; do not edit by hand).
 */
export const CENTERING_PRIORS: Readonly<Record<string, Partial<Record<SpaceGroup, { items: number; zh: string; en: string }>>>> = {
  '${DEFAULT_MODEL_ID}': {
${body}
  },
};
`,
    );
    expect(groups.length).toBe(3);
  },
  20 * 60_000,
);
