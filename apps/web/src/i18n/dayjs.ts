import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';

/** dayjs with its locale following the UI language; imported by the pages that format or pick dates. */
function apply(lng: string) {
  dayjs.locale(lng === 'en-US' ? 'en' : 'zh-cn');
}
apply(i18next.language);
i18next.on('languageChanged', apply);

export default dayjs;
