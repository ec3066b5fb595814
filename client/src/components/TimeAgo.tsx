import { useTranslation } from 'react-i18next';

/** A relative time ("3 min ago" / "3 分钟前") with the exact time on hover. */
export function TimeAgo({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(i18n.language === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  const text =
    abs < 45 ? rtf.format(0, 'second')
    : abs < 3600 ? rtf.format(Math.round(seconds / 60), 'minute')
    : abs < 86400 ? rtf.format(Math.round(seconds / 3600), 'hour')
    : abs < 86400 * 30 ? rtf.format(Math.round(seconds / 86400), 'day')
    : date.toLocaleDateString(i18n.language === 'zh' ? 'zh-CN' : 'en');
  return (
    <time dateTime={iso} title={date.toLocaleString(i18n.language === 'zh' ? 'zh-CN' : 'en')}>
      {text}
    </time>
  );
}
