import type { TextLanguage } from '@cohort/shared';

/**
 * Why a suggestion was made, in machine form (`reasonCodes` / `reasonCode` in the answers, contract v2) and
 * as text in the reader's language (`reasons` / `reason`). Codes name the reason; parameters carry the
 * names, titles and counts it mentions, never words of one language.
 */
export interface ReasonCode {
  code: ReasonName;
  params: Record<string, string | number | string[]>;
}

type Params = ReasonCode['params'];
type Template = (p: Params) => string;

const MAX_QUOTE = 60;
const cut = (s: string): string => (s.length > MAX_QUOTE ? `${s.slice(0, MAX_QUOTE - 1)}…` : s);
const QUOTE: Record<TextLanguage, (s: unknown) => string> = {
  en: (s) => `"${cut(String(s))}"`,
  zh: (s) => `「${cut(String(s))}」`,
};
const list = (lang: TextLanguage, value: unknown, max = 3): string => {
  const items = (Array.isArray(value) ? value : [value]).slice(0, max).map((v) => QUOTE[lang](v));
  return items.join(lang === 'zh' ? '' : ', ');
};
const count = (p: Params): number => Number(p.count ?? 0);

/** Every reason in every language (a test checks both are complete). */
const TEMPLATES = {
  // Related discussions and recommendations.
  close_in_meaning: {
    en: () => 'Close in meaning',
    zh: () => '内容相近',
  },
  shared_tags: {
    en: (p) => `Shares the tags ${list('en', p.tags)}`,
    zh: (p) => `共同标签：${list('zh', p.tags)}`,
  },
  people_in_common: {
    en: (p) => (count(p) === 1 ? 'One person took part in both' : `${count(p)} people took part in both`),
    zh: (p) => `${count(p)} 位成员两边都参与了`,
  },
  similar_audience: {
    en: () => 'Followed by people who take part in similar discussions',
    zh: () => '参与者也常参与类似的讨论',
  },
  members_in_common: {
    en: (p) => (count(p) === 1 ? 'One member in common' : `${count(p)} members in common`),
    zh: (p) => `有 ${count(p)} 位共同成员`,
  },
  close_to_interests: {
    en: (p) => `Close to your interests: ${list('en', p.interests)}`,
    zh: (p) => `与你的兴趣相近：${list('zh', p.interests)}`,
  },
  close_to_profile: {
    en: () => 'Close to what your profile says about you',
    zh: () => '与你的个人资料相近',
  },
  helps_with_need: {
    en: (p) => `Could help with your need ${QUOTE.en(p.need)}`,
    zh: (p) => `可能对你的需求${QUOTE.zh(p.need)}有帮助`,
  },
  related_to_thread: {
    en: (p) => `Related to ${QUOTE.en(p.title)}, a thread you took part in`,
    zh: (p) => `与你参与过的帖子${QUOTE.zh(p.title)}相关`,
  },
  related_to_room: {
    en: (p) => `Related to the room ${QUOTE.en(p.title)} you joined`,
    zh: (p) => `与你加入的房间${QUOTE.zh(p.title)}相关`,
  },
  engaged_by_peers: {
    en: (p) => (count(p) === 1 ? 'Someone who takes part where you do took part here' : `${count(p)} people who take part where you do took part here`),
    zh: (p) => `${count(p)} 位和你参与相同讨论的成员也参与了这里`,
  },
  // Partner matches.
  meets_your_need: {
    en: (p) => `offers ${QUOTE.en(p.offer)} ↔ you need ${QUOTE.en(p.need)}`,
    zh: (p) => `能提供${QUOTE.zh(p.offer)} ↔ 你需要${QUOTE.zh(p.need)}`,
  },
  needs_your_offer: {
    en: (p) => `needs ${QUOTE.en(p.need)} ↔ you offer ${QUOTE.en(p.offer)}`,
    zh: (p) => `需要${QUOTE.zh(p.need)} ↔ 你能提供${QUOTE.zh(p.offer)}`,
  },
  shared_interests: {
    en: (p) => `shared interests: ${list('en', p.interests)}`,
    zh: (p) => `共同兴趣：${list('zh', p.interests)}`,
  },
  close_interests: {
    en: (p) => `interests close to yours: ${list('en', p.interests)}`,
    zh: (p) => `兴趣与你相近：${list('zh', p.interests)}`,
  },
  complementary_roles: {
    en: (p) => `complementary roles: ${p.role} ↔ your ${p.yourRole}`,
    zh: (p) => `角色互补：${p.role} ↔ 你的${p.yourRole}`,
  },
  role_you_look_for: {
    en: (p) => `a ${p.role}, which you are looking for`,
    zh: (p) => `是你在找的${p.role}`,
  },
  community_member: {
    en: (p) => (p.role ? `a ${p.role} in the community` : 'a member of the community'),
    zh: (p) => (p.role ? `社区里的${p.role}` : '社区成员'),
  },
} satisfies Record<string, Record<TextLanguage, Template>>;

export type ReasonName = keyof typeof TEMPLATES;

/** The reason codes there are, for tests. */
export const REASON_NAMES = Object.keys(TEMPLATES) as ReasonName[];

export const reason = (code: ReasonName, params: Params = {}): ReasonCode => ({ code, params });

/** The text of a reason in a language. */
export function reasonText(reasonCode: ReasonCode, lang: TextLanguage): string {
  const templates: Record<TextLanguage, Template> = TEMPLATES[reasonCode.code];
  return templates[lang](reasonCode.params);
}

/** Both forms of a list of reasons, as the answers carry them. */
export function explained(codes: ReasonCode[], lang: TextLanguage): { reasons: string[]; reasonCodes: ReasonCode[] } {
  return { reasons: codes.map((c) => reasonText(c, lang)), reasonCodes: codes };
}
