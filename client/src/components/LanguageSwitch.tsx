import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="lang-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('nav.language')}
      </label>
      <select id={id} data-testid="language" value={i18n.language === 'zh' ? 'zh' : 'en'} onChange={(e) => setLanguage(e.target.value as Language)}>
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </div>
  );
}
