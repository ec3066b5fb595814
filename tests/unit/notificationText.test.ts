import { renderText, TEXT_CODES } from '../../server/src/domain/notificationText';

// Parameters free of both scripts, so what remains of a text is the template itself.
const params = { actor: '@@', title: '##', excerpt: '%%', role: 'editor', count: 3 };

describe('notification text', () => {
  test.each(TEXT_CODES)('%s is complete in zh (no English) and en (no Chinese)', (code) => {
    const zh = renderText({ code, params }, 'zh');
    const en = renderText({ code, params }, 'en');
    expect(zh).not.toMatch(/[A-Za-z]/);
    expect(en).not.toMatch(/[\u3400-\u9fff「」：]/);
    expect(zh).toContain('##');
    expect(en).toContain('##');
  });

  test('roles are named in the language; an unknown code still says something', () => {
    expect(renderText({ code: 'invite.notebook', params: { actor: 'A', title: 'T', role: 'viewer' } }, 'zh')).toBe('A 邀请你以查看者身份加入笔记本「T」');
    expect(renderText({ code: 'invite.notebook', params: { actor: 'A', title: 'T', role: 'viewer' } }, 'en')).toBe('A added you to the notebook “T” as viewer');
    expect(renderText({ code: 'no.such.code', params: { title: 'T' } }, 'zh')).toBe('有人：T');
  });
});
