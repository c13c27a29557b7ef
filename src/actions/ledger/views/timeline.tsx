import type { VNode } from 'preact';
import type { OutcomeKind, ReplyChannel } from '../../../platform/db/index.js';
import { formatDate, t } from '../../../platform/i18n/index.js';
import { Message } from '../../../platform/views/components.js';
import type { LedgerAttachment } from '../deps.js';
import { channelText, outcomeKindText } from '../rules.js';

/** One entry of the public timeline: a reply or an outcome, public ones only. */
export type TimelineEntry =
  | {
      kind: 'reply';
      key: string;
      day: string;
      who: string;
      /** The language the directory names them in (the office's). */
      whoLanguage: string;
      channel: ReplyChannel;
      summary: string;
      attachment: LedgerAttachment | null;
    }
  | {
      kind: 'outcome';
      key: string;
      day: string;
      outcome: OutcomeKind;
      source: string;
      summary: string;
      attachment: LedgerAttachment | null;
    };

export interface TimelineView {
  /** "Replies from three authorities", or the outcomes' heading when no reply is public. */
  heading: string;
  entries: TimelineEntry[];
}

function Attachment(props: { attachment: LedgerAttachment | null }) {
  const a = props.attachment;
  if (!a) return null;
  return (
    <p class="ledger__attachment">
      <a href={a.href}>{t(a.kind === 'image' ? 'ledger.viewImage' : 'ledger.download', { name: a.name })}</a>
    </p>
  );
}

/**
 * The replies and outcomes of an urgent action's series (or a case's urgent actions) in the
 * order they happened. `level`: the heading's level on the page it joins.
 */
export function LedgerTimeline(props: { view: TimelineView; level: 2 | 3; id: string }) {
  const { view, level, id } = props;
  const Heading = level === 2 ? 'h2' : 'h3';
  const Item = level === 2 ? 'h3' : 'h4';
  return (
    <section class="ledger" aria-labelledby={id}>
      <Heading id={id}>{view.heading}</Heading>
      <ol class="ledger__entries">
        {view.entries.map((e) => (
          <li key={e.key} class={`ledger__entry ledger__entry--${e.kind}`}>
            <Item class="ledger__title">
              {e.kind === 'reply' ? (
                <Message
                  id="ledger.replyTitle"
                  params={{ who: e.who, channel: channelText(e.channel) }}
                  langs={{ who: e.whoLanguage }}
                />
              ) : (
                t('ledger.outcomeTitle', { outcome: outcomeKindText(e.outcome) })
              )}
            </Item>
            <p class="ledger__date">
              <time dateTime={e.day}>{formatDate(`${e.day}T00:00:00Z`)}</time>
            </p>
            <p>{e.summary}</p>
            {e.kind === 'outcome' && e.source ? <p>{t('ledger.sourceLine', { source: e.source })}</p> : null}
            <Attachment attachment={e.attachment} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** "2,140 actions, 3 replies, released on March 12, 2020": a country's or case's impact. */
export function ImpactBlock(props: { parts: readonly string[]; id: string }) {
  return (
    <section class="ledger-impact" aria-labelledby={props.id}>
      <h2 id={props.id}>{t('ledger.impact.heading')}</h2>
      <p class="ledger-impact__figures">{props.parts.join(', ')}</p>
    </section>
  );
}

/** Parts of a page shown one after the other (the section, then the ledger). */
export function Together(props: { parts: ReadonlyArray<VNode | null> }) {
  return <>{props.parts}</>;
}
