import type { CenteringOptions, SpaceGroup } from '../indexing/vectorSpaces';
import { CENTERING_PRIORS } from './centeringPrior';
import type { ModelProfile } from './modelProfiles';

const decode = (base64: string): Float32Array => {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

/** How the vectors of the profile's model are centered: by language or not, and with which built-in means. */
export function centeringOf(profile: ModelProfile): CenteringOptions {
  const known = CENTERING_PRIORS[profile.id] ?? {};
  const priors: CenteringOptions['priors'] = {};
  for (const [group, means] of Object.entries(known) as Array<[SpaceGroup, { zh: string; en: string }]>) priors[group] = { zh: decode(means.zh), en: decode(means.en) };
  return { byLanguage: profile.centering.byLanguage, priorWeight: profile.centering.priorWeight, priors };
}
