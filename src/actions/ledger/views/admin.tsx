import type { ComponentChildren } from 'preact';
import { AdminLayout, type Staff } from '../../../accounts/index.js';
import {
  LEDGER_VISIBILITIES,
  type LedgerVisibility,
  OUTCOME_KINDS,
  REPLY_CHANNELS,
} from '../../../platform/db/index.js';
import { formatDate, t } from '../../../platform/i18n/index.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FieldErrors,
  SelectField,
  type SubmittedFields,
} from '../../../platform/views/forms.js';
import { renderDocument } from '../../../platform/views/render.js';
import type { Site } from '../../../platform/views/site.js';
import { authorityName } from '../../channels.js';
import type { ArticleRef } from '../../newsroom.js';
import type { LedgerAttachment } from '../deps.js';
import { channelText, outcomeKindText } from '../rules.js';
import type { OutcomeRow, ReplyRow } from '../store.js';

interface Page {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

const text = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};

const day = (d: string) => formatDate(`${d}T00:00:00Z`);

export const ledgerPath = (articleId: number) => `/admin/actions/${articleId}/ledger`;

function Visibility(props: { value: LedgerVisibility }) {
  return <>{t(`ledger.visibility.${props.value}`)}</>;
}

export interface LedgerPageProps extends Page {
  article: ArticleRef;
  reference: string | null;
  replies: readonly ReplyRow[];
  outcomes: readonly OutcomeRow[];
  /** The good-news drafts made from outcomes that still exist, by outcome id. */
  goodNews: ReadonlyMap<number, ArticleRef>;
  notice: string | null;
}

/** `/admin/actions/:id/ledger`: every reply and outcome, public and internal, with their forms' links. */
export function ledgerPage(p: LedgerPageProps): string {
  const base = `/admin/actions/${p.article.id}`;
  const title = t('ledger.admin.title', { title: p.article.title });
  return renderDocument(
    <AdminLayout site={p.site} staff={p.staff} title={title} current="/admin/actions">
      <h1>{title}</h1>
      <p>
        <a href={base}>{t('ledger.admin.details')}</a>
        {p.reference ? ` · ${p.reference}` : ''}
      </p>
      {p.notice ? <p role="status">{p.notice}</p> : null}
      <p>{t('ledger.admin.intro')}</p>
      <section aria-labelledby="replies-heading">
        <h2 id="replies-heading">{t('ledger.admin.replies')}</h2>
        <p>
          <a href={`${base}/replies/new`}>{t('ledger.admin.addReply')}</a>
        </p>
        {p.replies.length === 0 ? (
          <p>{t('ledger.admin.noReplies')}</p>
        ) : (
          <table class="table">
            <caption>{t('ledger.admin.repliesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ledger.field.receivedOn')}</th>
                <th scope="col">{t('ledger.field.target')}</th>
                <th scope="col">{t('ledger.field.channel')}</th>
                <th scope="col">{t('ledger.field.summary')}</th>
                <th scope="col">{t('ledger.field.visibility')}</th>
                <th scope="col">{t('ledger.admin.edit')}</th>
              </tr>
            </thead>
            <tbody>
              {p.replies.map((r) => (
                <tr key={r.id}>
                  <td>{day(r.received_on)}</td>
                  <td>{authorityName(r)}</td>
                  <td>{channelText(r.channel)}</td>
                  <td>{r.summary}</td>
                  <td>
                    <Visibility value={r.visibility} />
                  </td>
                  <td>
                    <a
                      href={`${base}/replies/${r.id}`}
                      aria-label={t('ledger.admin.editReply', {
                        who: authorityName(r),
                        date: day(r.received_on),
                      })}
                    >
                      {t('ledger.admin.edit')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('ledger.admin.outcomes')}</h2>
        <p>
          <a href={`${base}/outcomes/new`}>{t('ledger.admin.addOutcome')}</a>
        </p>
        {p.outcomes.length === 0 ? (
          <p>{t('ledger.admin.noOutcomes')}</p>
        ) : (
          <ul class="ledger-admin__outcomes">
            {p.outcomes.map((o) => {
              const draft = p.goodNews.get(o.id);
              const label = `${outcomeKindText(o.kind)}, ${day(o.occurred_on)}`;
              return (
                <li key={o.id}>
                  <p>
                    <strong>{label}</strong> (<Visibility value={o.visibility} />){' '}
                    <a
                      href={`${base}/outcomes/${o.id}`}
                      aria-label={t('ledger.admin.editOutcome', { what: label })}
                    >
                      {t('ledger.admin.edit')}
                    </a>
                  </p>
                  <p>{o.summary}</p>
                  {o.source ? <p>{t('ledger.sourceLine', { source: o.source })}</p> : null}
                  {draft ? (
                    <p>
                      <a href={`/admin/articles/${draft.id}`}>
                        {t('ledger.admin.openGoodNews', { title: draft.title })}
                      </a>
                    </p>
                  ) : (
                    <form method="post" action={`${base}/outcomes/${o.id}/good-news`} class="form">
                      <CsrfField token={p.csrf} />
                      <button type="submit" aria-label={t('ledger.admin.makeGoodNewsLabel', { what: label })}>
                        {t('ledger.admin.makeGoodNews')}
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </AdminLayout>,
  );
}

interface EntryPageProps extends Page {
  article: ArticleRef;
  /** Null: a new entry. */
  entryId: number | null;
  fields: SubmittedFields;
  errors: FieldErrors;
  /** The entry's present attachment, when editing one that has it. */
  attachment: LedgerAttachment | null;
}

function AttachmentFields(props: {
  errors: FieldErrors;
  fields: SubmittedFields;
  attachment: LedgerAttachment | null;
}) {
  return (
    <fieldset id="field-attachment">
      <legend>{t('ledger.field.attachment')}</legend>
      {props.attachment ? (
        <p>
          {t('ledger.admin.currentAttachment')} <a href={props.attachment.href}>{props.attachment.name}</a>
          <br />
          <label>
            <input
              type="checkbox"
              name="remove_attachment"
              value="1"
              checked={text(props.fields, 'remove_attachment') !== ''}
            />{' '}
            {t('ledger.admin.removeAttachment')}
          </label>
        </p>
      ) : null}
      <Field
        name="attachment_file"
        inputName="attachment"
        label={props.attachment ? t('ledger.field.replaceFile') : t('ledger.field.file')}
        hint={t('ledger.field.fileHint')}
        error={props.errors.attachment}
      >
        {(a) => (
          <input type="file" accept="image/jpeg,image/png,image/webp,image/avif,application/pdf" {...a} />
        )}
      </Field>
      <Field
        name="attachment_alt"
        label={t('ledger.field.attachmentAlt')}
        hint={t('ledger.field.attachmentAltHint')}
        error={props.errors.attachment_alt}
      >
        {(a) => <input maxLength={500} value={text(props.fields, 'attachment_alt')} {...a} />}
      </Field>
    </fieldset>
  );
}

function VisibilityField(props: { fields: SubmittedFields; errors: FieldErrors }) {
  const chosen = text(props.fields, 'visibility') || 'public';
  return (
    <fieldset id="field-visibility">
      <legend>{t('ledger.field.visibility')}</legend>
      {props.errors.visibility ? <p class="field__error">{props.errors.visibility}</p> : null}
      {LEDGER_VISIBILITIES.map((v) => (
        <label key={v}>
          <input type="radio" name="visibility" value={v} checked={chosen === v} />{' '}
          {t(`ledger.visibility.${v}Hint`)}
        </label>
      ))}
    </fieldset>
  );
}

function DeleteForm(props: { action: string; csrf: string; label: string }) {
  return (
    <form method="post" action={props.action} class="form">
      <CsrfField token={props.csrf} />
      <button type="submit">{props.label}</button>
    </form>
  );
}

export interface ReplyPageProps extends EntryPageProps {
  repliers: ReadonlyArray<{
    id: number;
    honorific: string;
    name: string;
    title: string;
    role: 'target' | 'copy';
  }>;
}

type Key = Parameters<typeof t>[0];

/**
 * The page of one entry's form, a reply's or an outcome's: new, or to change or delete. The kind
 * gives its address (`replies`, `outcomes`), its words, and its own fields (`children`) before the
 * summary, the visibility and the attachment every entry has.
 */
function EntryFormPage(props: {
  p: EntryPageProps;
  path: 'replies' | 'outcomes';
  words: { new: Key; change: Key; summaryHint: Key; save: Key; delete: Key };
  /** Said above the form (an urgent action that names nobody to reply). */
  note?: string | null;
  children: ComponentChildren;
}) {
  const { p, path, words } = props;
  const base = `/admin/actions/${p.article.id}`;
  const title = p.entryId === null ? t(words.new) : t(words.change);
  const action = p.entryId === null ? `${base}/${path}/new` : `${base}/${path}/${p.entryId}`;
  return (
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={`${title}: ${p.article.title}`}
      current="/admin/actions"
    >
      <h1>{title}</h1>
      <p>
        <a href={ledgerPath(p.article.id)}>{t('ledger.admin.back', { title: p.article.title })}</a>
      </p>
      <ErrorSummary title={t('admin.errors')} errors={p.errors} />
      {props.note ? <p>{props.note}</p> : null}
      {/* A multipart body is read by the handler, after the guard: the CSRF token rides in the address. */}
      <form
        method="post"
        action={`${action}?_csrf=${encodeURIComponent(p.csrf)}`}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        {props.children}
        <Field
          name="summary"
          label={t('ledger.field.summary')}
          hint={t(words.summaryHint)}
          error={p.errors.summary}
        >
          {(a) => <textarea rows={5} maxLength={5000} value={text(p.fields, 'summary')} {...a} />}
        </Field>
        <VisibilityField fields={p.fields} errors={p.errors} />
        <AttachmentFields errors={p.errors} fields={p.fields} attachment={p.attachment} />
        <button type="submit">{t(words.save)}</button>
      </form>
      {p.entryId !== null ? (
        <DeleteForm action={`${base}/${path}/${p.entryId}/delete`} csrf={p.csrf} label={t(words.delete)} />
      ) : null}
    </AdminLayout>
  );
}

/** The form of one reply: new, or to change or delete. */
export function replyPage(p: ReplyPageProps): string {
  const chosen = text(p.fields, 'target_id');
  const channel = text(p.fields, 'channel');
  return renderDocument(
    <EntryFormPage
      p={p}
      path="replies"
      words={{
        new: 'ledger.admin.newReply',
        change: 'ledger.admin.changeReply',
        summaryHint: 'ledger.field.summaryHint',
        save: 'ledger.admin.saveReply',
        delete: 'ledger.admin.deleteReply',
      }}
      note={p.repliers.length === 0 ? t('ledger.admin.noRepliers') : null}
    >
      <SelectField
        name="target_id"
        label={t('ledger.field.target')}
        hint={t('ledger.field.targetHint')}
        error={p.errors.target_id}
        none={t('ledger.admin.chooseTarget')}
        choices={p.repliers.map((r) => ({
          value: String(r.id),
          label: `${authorityName(r)} (${t(`ledger.role.${r.role}`)})`,
        }))}
        selected={chosen}
      />
      <Field
        name="received_on"
        label={t('ledger.field.receivedOn')}
        hint={t('ledger.field.dayHint')}
        error={p.errors.received_on}
      >
        {(a) => <input type="date" value={text(p.fields, 'received_on')} {...a} />}
      </Field>
      <SelectField
        name="channel"
        label={t('ledger.field.channel')}
        error={p.errors.channel}
        none={t('ledger.admin.chooseChannel')}
        choices={REPLY_CHANNELS.map((c) => ({ value: c, label: channelText(c) }))}
        selected={channel}
      />
    </EntryFormPage>,
  );
}

/** The form of one outcome: new, or to change or delete. */
export function outcomePage(p: EntryPageProps): string {
  const kind = text(p.fields, 'kind');
  return renderDocument(
    <EntryFormPage
      p={p}
      path="outcomes"
      words={{
        new: 'ledger.admin.newOutcome',
        change: 'ledger.admin.changeOutcome',
        summaryHint: 'ledger.field.outcomeSummaryHint',
        save: 'ledger.admin.saveOutcome',
        delete: 'ledger.admin.deleteOutcome',
      }}
    >
      <SelectField
        name="kind"
        label={t('ledger.field.kind')}
        error={p.errors.kind}
        none={t('ledger.admin.chooseKind')}
        choices={OUTCOME_KINDS.map((k) => ({ value: k, label: outcomeKindText(k) }))}
        selected={kind}
      />
      <Field
        name="occurred_on"
        label={t('ledger.field.occurredOn')}
        hint={t('ledger.field.dayHint')}
        error={p.errors.occurred_on}
      >
        {(a) => <input type="date" value={text(p.fields, 'occurred_on')} {...a} />}
      </Field>
      <Field
        name="source"
        label={t('ledger.field.source')}
        hint={t('ledger.field.sourceHint')}
        error={p.errors.source}
      >
        {(a) => <input maxLength={500} value={text(p.fields, 'source')} {...a} />}
      </Field>
    </EntryFormPage>,
  );
}

/** The good-news draft could not be saved (the role may not write articles, the database refused). */
export function goodNewsRefusedPage(p: Page & { article: ArticleRef }): string {
  return renderDocument(
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={t('ledger.admin.goodNewsRefused')}
      current="/admin/actions"
    >
      <h1>{t('ledger.admin.goodNewsRefused')}</h1>
      <p>{t('ledger.admin.goodNewsRefusedText')}</p>
      <p>
        <a href={ledgerPath(p.article.id)}>{t('ledger.admin.back', { title: p.article.title })}</a>
      </p>
    </AdminLayout>,
  );
}
