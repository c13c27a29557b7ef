import type { ComponentChildren } from 'preact';
import { langIfOther } from '../../platform/i18n/index.js';
import { authorityName } from '../channels.js';

/**
 * An official as a page names them: "Ing. Jaime Bonilla Valdez", and with `titled`
 * ", Gobernador …". The directory holds an office's name, title and address as the office writes
 * them, in its working language (`language`), so on a page in another language they are marked
 * with it (WCAG 3.1.2: a Spanish title on a French page is read as Spanish).
 */
export function Official(props: {
  target: { name: string; language: string; honorific?: string; title?: string };
  titled?: boolean;
}): ComponentChildren {
  const { name, language, honorific = '', title = '' } = props.target;
  const text = authorityName({ honorific, name, title: props.titled ? title : '' });
  const lang = langIfOther(language);
  return lang ? <span lang={lang}>{text}</span> : text;
}
