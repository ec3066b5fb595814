import os from 'node:os';
import path from 'node:path';
import { EmbeddingService } from '../../server/src/semantic/embedding/embeddingService';
import { DEFAULT_MODEL_ID, KNOWN_MODELS, modelProfile } from '../../server/src/semantic/model/modelProfiles';

/** The model profile decides pooling, prefixes and thresholds; EMBEDDING_MODEL picks it by id. */
describe('model profiles', () => {
  it('know the default (measured here) and the multilingual e5 models (not measured here)', () => {
    expect(KNOWN_MODELS[0]).toBe(DEFAULT_MODEL_ID);
    const bge = modelProfile(DEFAULT_MODEL_ID);
    expect(bge).toMatchObject({ pooling: 'cls', queryPrefix: '', passagePrefix: '', dimensions: 512, measured: true });
    for (const id of ['Xenova/multilingual-e5-small', 'Xenova/multilingual-e5-base']) {
      expect(modelProfile(id)).toMatchObject({ id, pooling: 'mean', queryPrefix: 'query: ', passagePrefix: 'passage: ', measured: false });
    }
    expect(modelProfile('Xenova/multilingual-e5-small').dimensions).toBe(384);
    // An id without a profile runs on the default's thresholds, with the common pooling, marked unmeasured.
    expect(modelProfile('someone/some-model')).toMatchObject({ id: 'someone/some-model', pooling: 'mean', dimensions: null, measured: false });
  });

  it.each([
    ['Xenova/multilingual-e5-small', 'query: ', 'passage: ', 1],
    [DEFAULT_MODEL_ID, '', '', 0],
  ])('%s: the service marks queries and passages and pools as the profile says', async (modelId, query, passage, mean) => {
    const service = new EmbeddingService({ modelId, modelsDir: path.join(os.tmpdir(), 'cohort-no-models'), workerFile: path.join(__dirname, '..', 'fixtures', 'echoEmbeddingWorker.js') });
    try {
      await service.start();
      const [asQuery] = await service.embed(['融资'], { interactive: true, role: 'query' });
      const [asPassage] = await service.embed(['融资']);
      expect(asQuery![0]).toBe(query.length + 2);
      expect(asPassage![0]).toBe(passage.length + 2);
      expect(asQuery![1]).toBe(mean);
    } finally {
      await service.close();
    }
  });
});
