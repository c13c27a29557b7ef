import type { ComponentChildren } from 'preact';
import { t } from '../../platform/i18n/index.js';

/** A titled list on the dashboard, saying so when it is empty. Rooms render their sections with it. */
export function DashboardSection(props: { id: string; title: string; items: ComponentChildren[] }) {
  const heading = `${props.id}-heading`;
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{props.title}</h2>
      {props.items.length === 0 ? <p>{t('dashboard.none')}</p> : null}
      <ul>{props.items}</ul>
    </section>
  );
}
