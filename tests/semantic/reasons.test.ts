import { REASON_NAMES, explained, reason, reasonText } from '../../server/src/semantic/explanations/reasons';

/** Every reason has both languages, names what it is given, and never splices English into Chinese. */
describe('suggestion reasons', () => {
  const params = { tags: ['融资', 'seed'], count: 2, interests: ['机器学习'], need: '找一位技术合伙人', offer: 'React apps', title: '天使轮', role: 'CTO', yourRole: '设计师' };

  it.each(REASON_NAMES)('%s reads in English and in Chinese', (code) => {
    const en = reasonText(reason(code, params), 'en');
    const zh = reasonText(reason(code, params), 'zh');
    expect(en.length).toBeGreaterThan(0);
    expect(zh.length).toBeGreaterThan(0);
    expect(zh).not.toBe(en);
    // The Chinese text is Chinese; the English one has no Chinese beyond what the parameters bring.
    expect(zh).toMatch(/\p{Script=Han}/u);
    const withoutParams = Object.values(params).flat().reduce<string>((s, p) => s.split(String(p)).join(''), en);
    expect(withoutParams).not.toMatch(/\p{Script=Han}/u);
  });

  it('quotes what it names, cut to a readable length, and counts in words for one', () => {
    expect(reasonText(reason('meets_your_need', { offer: 'GPU time', need: '算力' }), 'en')).toBe('offers "GPU time" ↔ you need "算力"');
    expect(reasonText(reason('meets_your_need', { offer: 'GPU time', need: '算力' }), 'zh')).toBe('能提供「GPU time」 ↔ 你需要「算力」');
    expect(reasonText(reason('helps_with_need', { need: 'x'.repeat(100) }), 'en').length).toBeLessThan(100);
    expect(reasonText(reason('people_in_common', { count: 1 }), 'en')).toBe('One person took part in both');
    const both = explained([reason('close_in_meaning'), reason('shared_tags', { tags: ['ai'] })], 'zh');
    expect(both.reasons).toEqual(['内容相近', '共同标签：「ai」']);
    expect(both.reasonCodes.map((c) => c.code)).toEqual(['close_in_meaning', 'shared_tags']);
  });
});
