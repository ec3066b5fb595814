import { chineseShare } from '../../server/src/semantic/vectors/languageCentering';
import { communitySplit, loadCommunity } from '../fixtures/communityDataset';
import { engagementPlan } from '../fixtures/communityEngagement';

/** The evaluation community is what the quality figures claim it is, and its split is fixed and disjoint. */
describe('the evaluation community', () => {
  const all = loadCommunity();

  it('has at least 200 threads over at least 8 topics, half Chinese and half English, a third mixing both', () => {
    expect(all.threads.length).toBeGreaterThanOrEqual(200);
    expect(all.topics.length).toBeGreaterThanOrEqual(8);
    const zh = all.threads.filter((t) => t.lang === 'zh').length;
    expect(Math.abs(zh - all.threads.length / 2)).toBeLessThanOrEqual(all.threads.length * 0.05);
    // Measured, not taken from the labels: Han characters and Latin words in the same text.
    const mixed = all.threads.filter((t) => /\p{Script=Han}/u.test(t.title + t.body) && /[A-Za-z]{2,}/.test(t.title + t.body));
    expect(mixed.length).toBeGreaterThanOrEqual(all.threads.length / 3);
    for (const t of all.threads.filter((x) => x.mix)) expect(chineseShare(t.title + t.body)).toBeGreaterThan(0);
    for (const topic of all.topics) expect(all.threads.filter((t) => t.topic === topic.id).length).toBeGreaterThanOrEqual(15);
  });

  it('ranges from one line to several paragraphs, with replies on some threads', () => {
    const lengths = all.threads.map((t) => [...t.body].length);
    expect(Math.min(...lengths)).toBeLessThan(60);
    expect(all.threads.filter((t) => t.body.split(/\n\s*\n/).length >= 4).length).toBeGreaterThanOrEqual(10);
    const withReplies = all.threads.filter((t) => t.replies.length > 0).length;
    expect(withReplies).toBeGreaterThan(0);
    expect(withReplies).toBeLessThan(all.threads.length);
  });

  it('has at least 60 profiles with at least 25 planted pairs whose two sides are worded differently', () => {
    const profiles = [...all.pairs.flatMap((p) => [p.a, p.b]), ...all.singles];
    expect(profiles.length).toBeGreaterThanOrEqual(60);
    expect(all.pairs.length).toBeGreaterThanOrEqual(25);
    for (const { a, b } of all.pairs) {
      // What one side needs is not simply the other side's words.
      for (const need of a.needs) expect(b.offers).not.toContain(need);
      for (const need of b.needs) expect(a.offers).not.toContain(need);
    }
  });

  it('splits into two disjoint halves of equal size, the same on every run', () => {
    const dev = communitySplit('dev');
    const test = communitySplit('test');
    const devIds = new Set(dev.threads.map((t) => t.id));
    expect(test.threads.some((t) => devIds.has(t.id))).toBe(false);
    expect(dev.threads.length + test.threads.length).toBe(all.threads.length);
    expect(Math.abs(dev.threads.length - test.threads.length)).toBeLessThanOrEqual(1);
    const devNames = new Set(dev.profiles.map((p) => p.name));
    expect(test.profiles.some((p) => devNames.has(p.name))).toBe(false);
    // Planted partners stay together.
    for (const half of [dev, test]) {
      const names = new Set(half.profiles.map((p) => p.name));
      for (const p of half.profiles) if (p.partner) expect(names.has(p.partner)).toBe(true);
      for (const topic of half.topics) expect(half.threads.some((t) => t.topic === topic.id)).toBe(true);
    }
    expect(communitySplit('test').threads.map((t) => t.id)).toEqual(test.threads.map((t) => t.id));
  });

  it('plans engagement deterministically, among the members of the same half', () => {
    const test = communitySplit('test');
    const plan = engagementPlan(test);
    const again = engagementPlan(communitySplit('test'));
    expect([...again.voters]).toEqual([...plan.voters]);
    const names = new Set(test.profiles.map((p) => p.name));
    for (const t of test.threads) {
      expect(names.has(plan.author.get(t.id)!)).toBe(true);
      expect(plan.replyAuthors.get(t.id)).toHaveLength(t.replies.length);
      for (const v of plan.voters.get(t.id)!) expect(names.has(v)).toBe(true);
    }
  });
});
