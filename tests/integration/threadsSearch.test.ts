import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import type { TestUser } from '../helpers/chat';
import { idsOf, listThreads, postThread } from '../helpers/threads';

/**
 * A bilingual community's threads. The body-only matches are posted after the title matches, so a ranked
 * answer differs from the newest-first order.
 */
const FIXTURE = {
  gpu: { title: 'How we cut our GPU bill by 60%', body: 'Spot instances, smaller models and batching. 我们把推理成本降了一半。', tags: ['gpu', 'infra'] },
  financeZh: { title: '踩过的融资坑：从天使轮到种子轮', body: '估值、条款清单、对赌协议，这些坑我们都踩过。', tags: ['融资'] },
  financeBodyOnly: { title: '第一年的复盘', body: '产品、团队和招聘都有很多教训，融资反而是最顺利的部分。', tags: ['复盘'] },
  cofounder: { title: '如何找到靠谱的技术合伙人', body: '我们是一家早期教育科技公司，正在寻找联合创始人。', tags: ['招聘', 'cofounder'] },
  fundraising: { title: 'Fundraising in a downturn: what changed for our seed round', body: 'Investors asked for more traction and cleaner cap tables.', tags: ['fundraising'] },
  churn: { title: 'Reducing churn for a B2B SaaS', body: 'Onboarding calls and usage alerts cut churn from 6% to 3% a month.', tags: ['saas', 'growth'] },
  churnBodyOnly: { title: 'Monthly metrics review', body: 'MRR, churn, activation and NPS for March.', tags: ['metrics'] },
  marketZh: { title: '出海东南亚的市场推广经验', body: '东南亚市场的获客成本比国内低很多，但本地化很重要。', tags: ['出海', '增长'] },
  pricing: { title: 'Pricing our developer API', body: 'Per-token pricing confused customers; we moved to tiers.', tags: ['pricing'] },
  gpuPool: { title: 'GPU 拼车：共享 A100 算力', body: 'Looking for teams to share spare A100 hours. 按小时结算。', tags: ['gpu', '算力'] },
} as const;
type Key = keyof typeof FIXTURE;

describe.each(hubStores())('threads: bilingual lexical search [%s]', (store) => {
  let hub: TestHub;
  let alice: TestUser;
  let bob: TestUser;
  const id = {} as Record<Key, string>;

  beforeAll(async () => {
    hub = await startTestHub({ store });
    alice = await registerUser(hub);
    bob = await registerUser(hub);
    let i = 0;
    for (const [key, fields] of Object.entries(FIXTURE) as Array<[Key, (typeof FIXTURE)[Key]]>) {
      const author = i++ % 2 === 0 ? alice : bob;
      id[key] = (await postThread(hub, author, { ...fields, tags: [...fields.tags] })).id;
    }
  });
  afterAll(() => hub.destroy());

  const search = async (q: string, extra: Record<string, string> = {}) => {
    const page = await listThreads(hub, alice, { q, ...extra });
    expect(page.nextCursor).toBeNull();
    return idsOf(page.threads);
  };
  const ids = (...keys: Key[]) => keys.map((k) => id[k]);

  test('a two-character Chinese word finds its threads, a title match ranked above a body-only one', async () => {
    expect(await search('融资')).toEqual(ids('financeZh', 'financeBodyOnly'));
    expect(await search('市场')).toEqual(ids('marketZh'));
    expect(await search('招聘')).toEqual(ids('cofounder', 'financeBodyOnly'));
  });

  test('a four-character Chinese phrase finds exactly the thread that contains it', async () => {
    expect(await search('技术合伙')).toEqual(ids('cofounder'));
    expect(await search('联合创始')).toEqual(ids('cofounder'));
    expect(await search('市场推广')).toEqual(ids('marketZh'));
    expect(await search('对赌协议')).toEqual(ids('financeZh'));
  });

  test('English words find their threads, ignoring case, ranked title first', async () => {
    expect(await search('churn')).toEqual(ids('churn', 'churnBodyOnly'));
    expect(await search('FUNDRAISING')).toEqual(ids('fundraising'));
    expect(await search('tiers')).toEqual(ids('pricing'));
    expect([...(await search('gpu'))].sort()).toEqual(ids('gpu', 'gpuPool').sort());
  });

  test('a two-word query puts the thread with both words first', async () => {
    const results = await search('seed investors');
    expect(results[0]).toBe(id.fundraising);
  });

  test('mixed-script queries work', async () => {
    expect((await search('拼车 A100'))[0]).toBe(id.gpuPool);
    expect((await search('推理成本 batching'))[0]).toBe(id.gpu);
  });

  test('words no thread contains find nothing', async () => {
    expect(await search('blockchain')).toEqual([]);
    expect(await search('区块链')).toEqual([]);
  });

  test('search combines with tag, author and limit', async () => {
    expect(await search('gpu', { tag: '算力' })).toEqual(ids('gpuPool'));
    // Authors alternate: financeZh is bob's, financeBodyOnly alice's.
    expect(await search('融资', { author: bob.user.id })).toEqual(ids('financeZh'));
    expect(await search('融资', { author: alice.user.id })).toEqual(ids('financeBodyOnly'));
    expect(await search('融资', { limit: '1' })).toEqual(ids('financeZh'));
  });

  test('results are whole presented threads with the caller’s vote', async () => {
    await api(hub, 'POST', `/api/threads/${id.pricing}/vote`, { token: alice.token, body: { value: -1 } });
    const page = await listThreads(hub, alice, { q: 'pricing' });
    expect(page.threads).toEqual([
      expect.objectContaining({ id: id.pricing, title: FIXTURE.pricing.title, author: alice.user, score: -1, myVote: -1, tags: ['pricing'] }),
    ]);
  });

  test('edits and deletes are followed at once', async () => {
    const carol = await registerUser(hub);
    const t = await postThread(hub, carol, { title: '跨境支付踩坑', body: 'Stripe Atlas 和香港公司开户的经验。' });
    expect(await search('跨境支付')).toEqual([t.id]);
    await api(hub, 'PATCH', `/api/threads/${t.id}`, { token: carol.token, body: { title: '海外收款踩坑' } });
    expect(await search('跨境支付')).toEqual([]);
    expect(await search('海外收款')).toEqual([t.id]);
    await api(hub, 'DELETE', `/api/threads/${t.id}`, { token: carol.token });
    expect(await search('海外收款')).toEqual([]);
    expect(await search('Atlas')).toEqual([]);
  });
});
