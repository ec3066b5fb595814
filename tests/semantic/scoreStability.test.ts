import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { communitySplit, type CommunityProfile } from '../fixtures/communityDataset';

/**
 * Match scores stay put when other people join: the scores of the test half's planted pairs are read, new
 * members join (English-only first: they move the English mean the most), and the same pairs are read again.
 */
const SLOW = 10 * 60_000;
let hub: TestHub;
const members = new Map<string, { token: string; id: string }>();
// A young community, where each newcomer is a large share of everyone: three planted pairs.
const test = { profiles: communitySplit('test').profiles.filter((p) => p.partner).slice(0, 6) };
const newcomers = communitySplit('dev').profiles.sort((a, b) => Number(a.languages.includes('zh')) - Number(b.languages.includes('zh')));

async function join(p: CommunityProfile): Promise<void> {
  const { token, user } = await registerUser(hub, p.name);
  members.set(p.name, { token, id: user.id });
  const res = await api(hub, 'PUT', '/api/me/profile', {
    token,
    body: { role: p.role, bio: p.bio, interests: p.interests, offers: p.offers, needs: p.needs, languages: p.languages, timezone: p.timezone, hoursPerWeek: p.hoursPerWeek, lookingFor: p.lookingFor },
  });
  expect(res.status).toBe(200);
}

/** Until the member's profile is indexed: their own suggestions appear once their vectors are in. */
async function indexed(name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const res = await api(hub, 'GET', '/api/matches?limit=1', { token: members.get(name)!.token });
    if (res.status === 200 && res.body.matches.length > 0) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} was not indexed`);
}

/** The score each test-half member with a planted partner gives that partner. */
async function pairScores(): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  for (const p of test.profiles.filter((x) => x.partner)) {
    const res = await api(hub, 'GET', '/api/matches?limit=50', { token: members.get(p.name)!.token });
    const partner = res.body.matches.find((m: { user: { username: string } }) => m.user.username === p.partner);
    scores.set(p.name, partner?.score ?? 0);
  }
  return scores;
}

const largestMove = (a: Map<string, number>, b: Map<string, number>): number => Math.max(...[...a].map(([k, v]) => Math.abs(v - b.get(k)!)));

beforeAll(async () => {
  hub = await startTestHub({ env: { EMBEDDINGS: 'on' } });
  for (const p of test.profiles) await join(p);
  for (const p of test.profiles) await indexed(p.name);
}, SLOW);

afterAll(async () => hub?.destroy());

it(
  "moves no unrelated pair's score by more than 2 points when one member joins, and by more than 5 when ten do",
  async () => {
    const before = await pairScores();
    await join(newcomers[0]!);
    await indexed(newcomers[0]!.name);
    const afterOne = await pairScores();
    for (const p of newcomers.slice(1, 10)) await join(p);
    for (const p of newcomers.slice(1, 10)) await indexed(p.name);
    const afterTen = await pairScores();
    const one = largestMove(before, afterOne);
    const ten = largestMove(before, afterTen);
    console.log(`largest move of a planted pair's score: ${one.toFixed(4)} after one new member, ${ten.toFixed(4)} after ten (scores ${[...before.values()].map((v) => v.toFixed(2)).join(' ')})`);
    expect(one).toBeLessThanOrEqual(0.02);
    expect(ten).toBeLessThanOrEqual(0.05);
  },
  SLOW,
);
