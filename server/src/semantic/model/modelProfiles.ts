import type { Pooling } from '../embedding/embeddingProtocol';

/**
 * What the semantic layer must know about an embedding model beyond its weights: how to pool and prefix,
 * whether to center by language, and the thresholds and weights that were fitted for its similarity scale.
 * `EMBEDDING_MODEL` names one; the default is the one CI can provision (Maven Central). Thresholds of a model
 * not measured here are starting points, marked so (docs/operations.md lists what was measured).
 */
export interface ModelProfile {
  id: string;
  /** bge models use the [CLS] vector; e5 and sentence-transformers models the mean of the tokens. */
  pooling: Pooling;
  /** Put before a search query, and before every text that is indexed (e5 wants `query: ` / `passage: `). */
  queryPrefix: string;
  passagePrefix: string;
  /** Width of the vectors, when known (checked against the model when it loads). */
  dimensions: number | null;
  /** Tokens the model reads per text, special tokens included. */
  maxTokens: number;
  /**
   * Subtract each language's mean vector before comparing (see languageCentering.ts): bge-small-zh puts all
   * English in a narrow cone. `priorWeight` is how many texts' worth of the model's built-in means (fitted on
   * the evaluation's dev half, see centeringPrior.ts) the community's own means are blended with, so one new
   * member barely moves anyone's scores; 0 uses the community's means alone.
   */
  centering: { byLanguage: boolean; priorWeight: number };
  /** How a discussion is represented (see discussionEnrichment.ts and VectorSpaces.discussionVector). */
  discussions: {
    headingWeight: number;
    audience: number;
    tags: number;
    agreement: { community: { from: number; span: number }; item: { from: number; span: number } };
    fullAudience: number;
  };
  /** Topic clusters (see topicClustering.ts): the cut, in standard deviations of the corpus' similarities. */
  clusters: { mergeSpread: number; attachRatio: number };
  /** Related threads and recommendations below this similarity are not shown. */
  relatedFloor: number;
  /** Search: the query is widened by the best `feedbackItems` first results (pseudo-relevance feedback). */
  search: { feedbackItems: number; feedbackWeight: number };
  /** Partner matching: cosine of two items mapped to a 0..1 fit between these (see partnerMatcher.ts). */
  matching: { fitFloor: number; fitCeil: number };
  /** False for a profile whose thresholds are starting values nobody measured here. */
  measured: boolean;
}

export const DEFAULT_MODEL_ID = 'Xenova/bge-small-zh-v1.5';

const BGE_SMALL_ZH: ModelProfile = {
  id: DEFAULT_MODEL_ID,
  pooling: 'cls',
  queryPrefix: '',
  passagePrefix: '',
  dimensions: 512,
  maxTokens: 512,
  centering: { byLanguage: true, priorWeight: 40 },
  discussions: { headingWeight: 0.35, audience: 1, tags: 0.5, agreement: { community: { from: 0, span: 0.08 }, item: { from: 0.03, span: 0.2 } }, fullAudience: 3 },
  clusters: { mergeSpread: 1, attachRatio: 0.5 },
  relatedFloor: 0.1,
  search: { feedbackItems: 8, feedbackWeight: 1.5 },
  matching: { fitFloor: 0, fitCeil: 0.5 },
  measured: true,
};

/**
 * multilingual-e5 (small 384, base 768, large 1024 dimensions): mean pooling and `query: ` / `passage: `
 * prefixes, as its authors prescribe. Its raw cosines all sit high (0.7-0.9); centering (by language, which
 * also removes the direction every e5 vector shares) brings them to the scale the thresholds below are
 * expressed in, so bge's settings are the starting point. Not measured here (model hubs are unreachable
 * from CI, see docs/operations.md): tune them with bench/semantic-quality where the model can be fetched.
 */
const E5 = (id: string, dimensions: number): ModelProfile => ({
  ...BGE_SMALL_ZH,
  id,
  pooling: 'mean',
  queryPrefix: 'query: ',
  passagePrefix: 'passage: ',
  dimensions,
  // The built-in means are bge's; e5 centers on the community's own, frozen between refits.
  centering: { byLanguage: true, priorWeight: 0 },
  measured: false,
});

const PROFILES: readonly ModelProfile[] = [
  BGE_SMALL_ZH,
  E5('Xenova/multilingual-e5-small', 384),
  E5('Xenova/multilingual-e5-base', 768),
  E5('Xenova/multilingual-e5-large', 1024),
];

/** Ids with a profile, default first. */
export const KNOWN_MODELS: readonly string[] = PROFILES.map((p) => p.id);

/**
 * The profile of `modelId`. An id without one gets the default's settings with mean pooling (what most
 * sentence-transformers models use) and `measured: false`: it runs, and the operator is told to measure.
 */
export function modelProfile(modelId: string): ModelProfile {
  return PROFILES.find((p) => p.id === modelId) ?? { ...BGE_SMALL_ZH, id: modelId, pooling: 'mean', dimensions: null, measured: false };
}
