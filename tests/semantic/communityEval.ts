import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { communitySplit, type CommunitySplit, type Split } from '../fixtures/communityDataset';
import { engagementPlan } from '../fixtures/communityEngagement';
import { nmi, waitForIndex } from './semanticHelpers';

/**
 * The evaluation of the semantic layer on the realistic community (tests/fixtures/community): one half is
 * loaded into a real hub with the real model, over HTTP, and measured over HTTP. Used by the quality test
 * (the test half) and by the report (bench/semantic-quality: both halves, figures only).
 */

const PASSWORD = 'correct horse battery';

export interface LoadedCommunity {
  community: CommunitySplit;
  /** Hub thread id -> its topic. */
  topicOf: Map<string, string>;
  /** Fixture thread id -> hub thread id. */
  threadIds: Map<string, string>;
  members: Map<string, { token: string; id: string }>;
  engagement: boolean;
}

export interface QualityFigures {
  split: Split;
  engagement: boolean;
  threads: number;
  topics: number;
  /** Clusters other than the "other" bucket, and the items in that bucket. */
  clusters: number;
  otherItems: number;
  /** NMI of the clusters (the "other" bucket counts as one cluster) against the topics. */
  nmi: number;
  /** Same-topic share of the 3 related threads asked for; a slot left empty (relevance floor) counts as a miss. */
  relatedP3: number;
  /** Same-topic share of the related threads shown (empty slots not counted). */
  relatedShownPrecision: number;
  relatedShown: number;
  /** Related results by score band: how many were shown and their same-topic precision (to place the floor). */
  relatedBands: Array<{ from: number; shown: number; precision: number }>;
  /** Same-topic share of the 5 threads found for each topic's Chinese / English / both names. */
  searchP5zh: number;
  searchP5en: number;
  searchP5: number;
  /** Share of members with a planted partner who find that partner in their top 3 matches. */
  partnerAt3: number;
  partnerHits: number;
  partnerTotal: number;
  partnerMisses: string[];
  /** Share of the top 5 recommended threads that are in a topic the member engages (empty slots are misses). */
  recommendP5: number;
  clusterLines: string[];
}

/** Registers every member, writes their profiles, posts the threads, replies and votes (as the engagement plan says). */
export async function loadCommunity(hub: TestHub, community: CommunitySplit, options: { engagement: boolean }): Promise<LoadedCommunity> {
  const members = new Map<string, { token: string; id: string }>();
  for (const p of community.profiles) {
    const { token, user } = await registerUser(hub, p.name);
    members.set(p.name, { token, id: user.id });
    const res = await api(hub, 'PUT', '/api/me/profile', {
      token,
      body: { role: p.role, bio: p.bio, interests: p.interests, offers: p.offers, needs: p.needs, languages: p.languages, timezone: p.timezone, hoursPerWeek: p.hoursPerWeek, lookingFor: p.lookingFor },
    });
    if (res.status !== 200) throw new Error(`profile of ${p.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const plan = engagementPlan(community);
  const names = community.profiles.map((p) => p.name);
  const topicOf = new Map<string, string>();
  const threadIds = new Map<string, string>();
  for (const [i, t] of community.threads.entries()) {
    // Without engagement every thread still has an author; rotating through the members spreads them evenly.
    const author = options.engagement ? plan.author.get(t.id)! : names[i % names.length]!;
    const res = await api(hub, 'POST', '/api/threads', { token: members.get(author)!.token, body: { title: t.title, body: t.body, tags: t.tags } });
    if (res.status !== 201) throw new Error(`thread ${t.id}: ${res.status} ${JSON.stringify(res.body)}`);
    topicOf.set(res.body.id, t.topic);
    threadIds.set(t.id, res.body.id);
    const replyAuthors = options.engagement ? plan.replyAuthors.get(t.id)! : t.replies.map(() => author);
    for (const [k, body] of t.replies.entries()) {
      const reply = await api(hub, 'POST', `/api/threads/${res.body.id}/replies`, { token: members.get(replyAuthors[k]!)!.token, body: { body } });
      if (reply.status !== 201) throw new Error(`reply to ${t.id}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    if (options.engagement) {
      for (const voter of plan.voters.get(t.id)!) {
        const vote = await api(hub, 'POST', `/api/threads/${res.body.id}/vote`, { token: members.get(voter)!.token, body: { value: 1 } });
        if (vote.status !== 200) throw new Error(`vote on ${t.id}: ${vote.status}`);
      }
    }
  }
  const anyToken = members.values().next().value!.token;
  await waitForIndex(hub, anyToken, community.threads.length);
  return { community, topicOf, threadIds, members, engagement: options.engagement };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);

/** Measures clustering, related threads, topic-name search, partner matching and recommendations over HTTP. */
export async function measureCommunity(hub: TestHub, loaded: LoadedCommunity): Promise<QualityFigures> {
  const { community, topicOf, members } = loaded;
  const anyToken = members.values().next().value!.token;

  const map = await waitForIndex(hub, anyToken, community.threads.length);
  const truth: string[] = [];
  const found: string[] = [];
  let otherItems = 0;
  let clusters = 0;
  const clusterLines: string[] = [];
  for (const cluster of map.clusters) {
    const isOther = cluster.other === true;
    if (isOther) otherItems += cluster.items.length;
    else clusters++;
    const topics = new Map<string, number>();
    for (const item of cluster.items) {
      if (item.type !== 'thread') continue;
      const topic = topicOf.get(item.id)!;
      truth.push(topic);
      found.push(cluster.id);
      topics.set(topic, (topics.get(topic) ?? 0) + 1);
    }
    const mix = [...topics].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}:${n}`).join(' ');
    clusterLines.push(`${isOther ? 'other' : cluster.id} (${cluster.size}) ${cluster.keywords.join(', ')} — ${mix}`);
  }

  let relatedSame = 0;
  let relatedShown = 0;
  const BANDS = [0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0, -Infinity];
  const bands = BANDS.map((from) => ({ from, shown: 0, same: 0 }));
  for (const [id, topic] of topicOf) {
    const res = await api(hub, 'GET', `/api/threads/${id}/related?limit=3&types=thread`, { token: anyToken });
    if (res.status !== 200) throw new Error(`related ${id}: ${res.status}`);
    for (const r of res.body.results.slice(0, 3)) {
      relatedShown++;
      const same = topicOf.get(r.id) === topic;
      if (same) relatedSame++;
      const band = bands.find((b) => r.score >= b.from)!;
      band.shown++;
      if (same) band.same++;
    }
  }

  const searchHits = { zh: 0, en: 0 };
  for (const topic of community.topics) {
    for (const lang of ['zh', 'en'] as const) {
      const res = await api(hub, 'GET', `/api/search?q=${encodeURIComponent(topic[lang])}&types=thread&limit=5`, { token: anyToken });
      if (res.status !== 200) throw new Error(`search ${topic[lang]}: ${res.status}`);
      searchHits[lang] += res.body.results.slice(0, 5).filter((r: { id: string }) => topicOf.get(r.id) === topic.id).length;
    }
  }

  let partnerHits = 0;
  let partnerTotal = 0;
  const partnerMisses: string[] = [];
  let recommendHits = 0;
  for (const p of community.profiles) {
    const me = members.get(p.name)!;
    if (p.partner) {
      partnerTotal++;
      const res = await api(hub, 'GET', '/api/matches?limit=3', { token: me.token });
      if (res.status !== 200) throw new Error(`matches ${p.name}: ${res.status}`);
      const names: string[] = res.body.matches.map((m: { user: { username: string } }) => m.user.username);
      if (names.includes(p.partner)) partnerHits++;
      else partnerMisses.push(`${p.name} (wants ${p.partner}) -> ${names.join(', ')}`);
    }
    const rec = await api(hub, 'GET', '/api/recommendations?limit=5', { token: me.token });
    if (rec.status !== 200) throw new Error(`recommendations ${p.name}: ${rec.status}`);
    const engaged = new Set(p.engages);
    recommendHits += rec.body.results.slice(0, 5).filter((r: { type: string; id: string }) => r.type === 'thread' && engaged.has(topicOf.get(r.id) ?? '')).length;
  }

  const n = topicOf.size;
  return {
    split: community.split,
    engagement: loaded.engagement,
    threads: n,
    topics: community.topics.length,
    clusters,
    otherItems,
    nmi: Math.round(nmi(truth, found) * 1000) / 1000,
    relatedP3: ratio(relatedSame, 3 * n),
    relatedShownPrecision: ratio(relatedSame, relatedShown),
    relatedShown,
    relatedBands: bands.filter((b) => b.shown > 0).map((b) => ({ from: b.from, shown: b.shown, precision: ratio(b.same, b.shown) })),
    searchP5zh: ratio(searchHits.zh, 5 * community.topics.length),
    searchP5en: ratio(searchHits.en, 5 * community.topics.length),
    searchP5: ratio(searchHits.zh + searchHits.en, 10 * community.topics.length),
    partnerAt3: ratio(partnerHits, partnerTotal),
    partnerHits,
    partnerTotal,
    partnerMisses,
    recommendP5: ratio(recommendHits, 5 * community.profiles.length),
    clusterLines,
  };
}

/** One line per figure, for logs and the report. */
export function describeFigures(f: QualityFigures): string {
  return [
    `${f.split}${f.engagement ? '' : ' (no engagement)'}: ${f.threads} threads, ${f.topics} topics`,
    `  clusters ${f.clusters} (+ other: ${f.otherItems} items), NMI ${f.nmi}`,
    `  related P@3 ${f.relatedP3} (precision of the ${f.relatedShown} shown ${f.relatedShownPrecision}; by score: ${f.relatedBands.map((b) => `≥${b.from} ${b.shown}@${b.precision}`).join(' ')})`,
    `  search P@5 ${f.searchP5} (zh ${f.searchP5zh}, en ${f.searchP5en})`,
    `  partner@3 ${f.partnerAt3} (${f.partnerHits}/${f.partnerTotal})${f.partnerMisses.length ? `; misses: ${f.partnerMisses.join(' | ')}` : ''}`,
    `  recommendations P@5 (engaged topics) ${f.recommendP5}`,
  ].join('\n');
}

/**
 * A hub holding one half of the community. With `reuseDir`, the loaded hub's data directory is kept there and
 * reused while the dataset and engagement setting are unchanged (the report runs many times while tuning; the
 * stored vectors then need no re-embedding unless the texts the index embeds changed). Tests start fresh.
 */
export async function communityHub(split: Split, options: { engagement: boolean; reuseDir?: string }): Promise<{ hub: TestHub; loaded: LoadedCommunity }> {
  const community = communitySplit(split);
  // The report measures another model when asked to (EMBEDDING_MODEL, MODELS_DIR as the hub takes them).
  const env: Record<string, string> = { EMBEDDINGS: 'on' };
  for (const name of ['EMBEDDING_MODEL', 'MODELS_DIR'] as const) if (process.env[name]) env[name] = process.env[name]!;
  if (!options.reuseDir) {
    const hub = await startTestHub({ env });
    return { hub, loaded: await loadCommunity(hub, community, options) };
  }
  const fingerprint = createHash('sha256').update(JSON.stringify({ community, engagement: options.engagement, model: env.EMBEDDING_MODEL ?? null, v: 1 })).digest('hex').slice(0, 16);
  const dir = path.join(options.reuseDir, `${split}-${options.engagement ? 'engaged' : 'plain'}`);
  const manifestFile = path.join(dir, 'eval-manifest.json');
  const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { fingerprint: string; threadIds: Array<[string, string]> }) : null;
  if (manifest?.fingerprint === fingerprint) {
    const hub = await startTestHub({ env, dataDir: dir });
    const members = new Map<string, { token: string; id: string }>();
    for (const p of community.profiles) {
      const res = await api(hub, 'POST', '/api/auth/login', { body: { username: p.name, password: PASSWORD } });
      if (res.status !== 200) throw new Error(`login ${p.name}: ${res.status}`);
      members.set(p.name, { token: res.body.token, id: res.body.user.id });
    }
    const threadIds = new Map(manifest.threadIds);
    const topicOf = new Map(community.threads.map((t) => [threadIds.get(t.id)!, t.topic]));
    await waitForIndex(hub, members.values().next().value!.token, community.threads.length);
    return { hub, loaded: { community, topicOf, threadIds, members, engagement: options.engagement } };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const hub = await startTestHub({ env, dataDir: dir });
  const loaded = await loadCommunity(hub, community, options);
  fs.writeFileSync(manifestFile, JSON.stringify({ fingerprint, threadIds: [...loaded.threadIds] }));
  return { hub, loaded };
}
