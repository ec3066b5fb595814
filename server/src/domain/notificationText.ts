import type { TextLanguage } from '@cohort/shared';
import type { NotificationRecord } from '../store/ports';

/** The machine form of a notification's text: clients may render it themselves. */
export interface TextCode {
  code: string;
  params: Record<string, string | number>;
}

type Params = Record<string, string | number>;
type Template = (p: Params) => string;

const ROLE_NAMES: Record<TextLanguage, Record<string, string>> = {
  en: { owner: 'owner', moderator: 'moderator', member: 'member', editor: 'editor', viewer: 'viewer' },
  zh: { owner: '所有者', moderator: '管理员', member: '成员', editor: '编辑者', viewer: '查看者' },
};

/**
 * Every text code in every language (both complete: a test checks each code has both). Codes name the
 * variant, so the count and the place are part of the code, never spliced-in English words.
 */
const TEMPLATES: Record<string, Record<TextLanguage, Template>> = {
  'mention.room': {
    en: (p) => `${p.actor} mentioned you in “${p.title}”: ${p.excerpt}`,
    zh: (p) => `${p.actor} 在「${p.title}」中提到了你：${p.excerpt}`,
  },
  'mention.thread': {
    en: (p) => `${p.actor} mentioned you in the thread “${p.title}”: ${p.excerpt}`,
    zh: (p) => `${p.actor} 在帖子「${p.title}」中提到了你：${p.excerpt}`,
  },
  'reply.own': {
    en: (p) => `${p.actor} replied to your thread “${p.title}”`,
    zh: (p) => `${p.actor} 回复了你的帖子「${p.title}」`,
  },
  'reply.own.many': {
    en: (p) => `${p.count} new replies to your thread “${p.title}”, the latest from ${p.actor}`,
    zh: (p) => `你的帖子「${p.title}」有 ${p.count} 条新回复，最新来自 ${p.actor}`,
  },
  'reply.participated': {
    en: (p) => `${p.actor} replied in “${p.title}”, a thread you took part in`,
    zh: (p) => `${p.actor} 在你参与的帖子「${p.title}」中回复了`,
  },
  'reply.participated.many': {
    en: (p) => `${p.count} new replies in “${p.title}”, a thread you took part in; the latest from ${p.actor}`,
    zh: (p) => `你参与的帖子「${p.title}」有 ${p.count} 条新回复，最新来自 ${p.actor}`,
  },
  'invite.room': {
    en: (p) => `${p.actor} added you to the room “${p.title}” as ${p.role}`,
    zh: (p) => `${p.actor} 邀请你以${p.role}身份加入聊天室「${p.title}」`,
  },
  'invite.notebook': {
    en: (p) => `${p.actor} added you to the notebook “${p.title}” as ${p.role}`,
    zh: (p) => `${p.actor} 邀请你以${p.role}身份加入笔记本「${p.title}」`,
  },
  'role_changed.room': {
    en: (p) => `${p.actor} made you ${p.role} of the room “${p.title}”`,
    zh: (p) => `${p.actor} 将你在聊天室「${p.title}」的角色改为${p.role}`,
  },
  'role_changed.notebook': {
    en: (p) => `${p.actor} made you ${p.role} of the notebook “${p.title}”`,
    zh: (p) => `${p.actor} 将你在笔记本「${p.title}」的角色改为${p.role}`,
  },
  fallback: {
    en: (p) => `${p.actor}: ${p.title}`,
    zh: (p) => `${p.actor}：${p.title}`,
  },
};

const SOMEONE: Record<TextLanguage, string> = { en: 'Someone', zh: '有人' };

/** The text codes there are, for tests. */
export const TEXT_CODES = Object.keys(TEMPLATES);

/** The code and parameters of a stored notification, before any language: what the machine form carries. */
export function notificationCode(record: NotificationRecord, actorName: string | null): TextCode {
  const variant = record.params.variant;
  const base = variant ? `${record.kind}.${variant}` : `${record.kind}.${record.subjectType}`;
  const code = record.count > 1 && TEMPLATES[`${base}.many`] ? `${base}.many` : base;
  const params: Params = { ...record.params, count: record.count };
  delete params.variant;
  if (actorName !== null) params.actor = actorName;
  return { code: TEMPLATES[code] ? code : 'fallback', params };
}

/** The text of a code in a language; roles are named in that language too. */
export function renderText(textCode: TextCode, lang: TextLanguage): string {
  const params: Params = { ...textCode.params };
  params.actor ??= SOMEONE[lang];
  params.title ??= '';
  params.excerpt ??= '';
  if (typeof params.role === 'string') params.role = ROLE_NAMES[lang][params.role] ?? params.role;
  return (TEMPLATES[textCode.code] ?? TEMPLATES.fallback!)[lang](params);
}
