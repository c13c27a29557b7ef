import type { VNode } from 'preact';
import { inReadersLanguage, t } from '../platform/i18n/index.js';

/**
 * The way into the Urgent Action Network from an urgent action's page: a link to `/network`
 * (the subscriptions room's form), naming the page it came from for the consent record. A link,
 * not a form: the page stays public and cacheable, and this room imports nothing of that one.
 */
export function NetworkJoinLink(props: { from: string }): VNode {
  return (
    <section class="ua-network" aria-labelledby="ua-network-heading">
      <h3 id="ua-network-heading">{t('network.joinLink')}</h3>
      <p>{t('network.joinLead')}</p>
      <p>
        <a href={inReadersLanguage(`/network?from=${encodeURIComponent(props.from)}`)}>
          {t('network.joinLink')}
        </a>
      </p>
    </section>
  );
}
