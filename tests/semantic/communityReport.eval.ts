import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Split } from '../fixtures/communityDataset';
import { communityHub, describeFigures, measureCommunity, type QualityFigures } from './communityEval';

/**
 * The quality report (not part of `npm test`; `npm run bench semantic-quality` runs it): every figure on the
 * dev and the test half, with and without the simulated engagement. QUALITY_SPLITS (dev,test),
 * QUALITY_ENGAGEMENT (on, off or both), QUALITY_REUSE_DIR (where loaded hubs are kept between runs) and
 * QUALITY_OUT (the JSON written) change what runs.
 */
const splits = (process.env.QUALITY_SPLITS ?? 'dev,test').split(',').map((s) => s.trim()) as Split[];
const engagement = process.env.QUALITY_ENGAGEMENT ?? 'on';
const modes = engagement === 'both' ? [true, false] : [engagement !== 'off'];
const reuseDir = process.env.QUALITY_REUSE_DIR ?? path.join(os.tmpdir(), 'cohort-quality');
const out = process.env.QUALITY_OUT ?? path.join(__dirname, '..', '..', 'bench', 'results', 'semantic-quality.json');

it(
  'reports the semantic quality figures on the evaluation community',
  async () => {
    const figures: QualityFigures[] = [];
    for (const split of splits) {
      for (const engaged of modes) {
        const { hub, loaded } = await communityHub(split, { engagement: engaged, reuseDir });
        try {
          const f = await measureCommunity(hub, loaded);
          figures.push(f);
          process.stdout.write(`${describeFigures(f)}\n  clusters:\n${f.clusterLines.map((l) => `    ${l}`).join('\n')}\n`);
        } finally {
          await hub.destroy();
        }
      }
    }
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
    expect(figures.length).toBe(splits.length * modes.length);
  },
  60 * 60_000,
);
