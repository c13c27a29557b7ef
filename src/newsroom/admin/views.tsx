import { AdminLayout, type Staff } from '../../accounts/index.js';
import type { MediaRow } from '../../platform/db/index.js';
import { ARTICLE_STATUSES, ARTICLE_TYPES, type ArticleStatus } from '../../platform/db/index.js';
import { formatUtcMinute, languageName, t } from '../../platform/i18n/index.js';
import type { DiffLine } from '../../platform/text/diff.js';
import { Pager } from '../../platform/views/components.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  KeptFields,
  SelectField,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import { renderDocument, renderFragment } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ArticleView } from '../models.js';
import type { GroupMember } from '../translations.js';
import { articlePage } from '../views/pages.js';
import { type ArticleSnapshot, CONTENT_LANGUAGES, TRANSLATION_LANGUAGES } from './input.js';
import type { EditableArticle, FieldErrors } from './service.js';

const when = (iso: string | null) => (iso ? formatUtcMinute(iso) : '—');

export interface ListRow {
  id: number;
  title: string;
  type: ArticleSnapshot['type'];
  status: ArticleStatus;
  published_at: string | null;
  updated_at: string;
  author_name: string | null;
}

export function articleListPage(
  site: Site,
  staff: Staff,
  view: { rows: ListRow[]; status?: ArticleStatus; page: number; pages: number },
) {
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('editor.list')} current="/admin/articles">
      <h1>{t('editor.list')}</h1>
      <p>
        <a class="button" href="/admin/articles/new">
          {t('admin.nav.newArticle')}
        </a>
      </p>
      <nav aria-label={t('editor.filter')}>
        <ul class="chips">
          <li>
            <a href="/admin/articles" aria-current={view.status ? undefined : 'page'}>
              {t('latest.all')}
            </a>
          </li>
          {ARTICLE_STATUSES.map((s) => (
            <li key={s}>
              <a href={`/admin/articles?status=${s}`} aria-current={view.status === s ? 'page' : undefined}>
                {t(`status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('editor.title')}</th>
            <th scope="col">{t('editor.type')}</th>
            <th scope="col">{t('editor.status')}</th>
            <th scope="col">{t('editor.publishDate')}</th>
            <th scope="col">{t('editor.updated')}</th>
            <th scope="col">{t('editor.author')}</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/admin/articles/${r.id}`}>{r.title}</a>
              </td>
              <td>{t(`type.${r.type}`)}</td>
              <td>
                <span class={`status status--${r.status}`}>{t(`status.${r.status}`)}</span>
              </td>
              <td>{when(r.published_at)}</td>
              <td>{when(r.updated_at)}</td>
              <td>{r.author_name ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        page={view.page}
        totalPages={view.pages}
        href={(n) => `/admin/articles?page=${n}${view.status ? `&status=${view.status}` : ''}`}
      />
    </AdminLayout>,
  );
}

export interface EditorChoices {
  countries: Array<{ id: number; name: string }>;
  topics: Array<{ id: number; name: string }>;
  cases: Array<{ id: number; name: string }>;
  images: MediaRow[];
  documents: Array<{ id: number; name: string }>;
}

export interface EditorView {
  article: EditableArticle | null;
  values: ArticleSnapshot & { publish_at: string; version: number };
  errors: FieldErrors;
  notice?: string;
  /** Said at the top when the form comes back unsaved for a reason not at any field. */
  alert?: string;
  conflict?: EditableArticle;
  canPublish: boolean;
  csrf: string;
  publicHref?: string;
  translations?: TranslationsView;
}

export interface TranslationsView {
  /** The group, its source first (just this article when it has no translations). */
  members: GroupMember[];
  /** For a translation: the original's words, shown beside the form. */
  source?: { id: number; title: string; summary: string; body: string; language: string };
}

/** The article's translations and "translate into…", outside the editor's form (forms do not nest). */
function Translations(props: { article: EditableArticle; view: TranslationsView; csrf: string }) {
  const { article, view } = props;
  const others = view.members.filter((m) => m.id !== article.id);
  const own = article.language || 'en';
  const missing = TRANSLATION_LANGUAGES.filter(
    (l) => l !== own && !view.members.some((m) => (m.language || 'en') === l),
  );
  return (
    <section class="translations" aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t('translations.title')}</h2>
      {view.source ? (
        <p>
          {t('translations.of', { language: languageName(own), title: view.source.title })}{' '}
          <a href={`/admin/articles/${view.source.id}`}>{t('translations.openSource')}</a>
        </p>
      ) : null}
      {article.translation_outdated ? (
        <p class="notice notice--warning" role="status">
          {t('translations.outdated')}
        </p>
      ) : null}
      {others.length > 0 ? (
        <ul>
          {others.map((m) => (
            <li key={m.id}>
              <a href={`/admin/articles/${m.id}`} hreflang={m.language || 'en'}>
                {t('translations.memberStatus', {
                  language: languageName(m.language || 'en'),
                  title: m.title,
                  status: t(`status.${m.status}`),
                })}
              </a>
              {m.outdated ? ` · ${t('translations.outdatedShort')}` : ''}
            </li>
          ))}
        </ul>
      ) : view.source ? null : (
        <p>{t('translations.none')}</p>
      )}
      {missing.length > 0 ? <p class="field__hint">{t('translations.translateHint')}</p> : null}
      {missing.map((language) => (
        <form
          key={language}
          method="post"
          action={`/admin/articles/${article.id}/translate`}
          class="inline-form"
        >
          <CsrfField token={props.csrf} />
          <input type="hidden" name="to" value={language} />
          <button type="submit">{t('translations.translate', { language: languageName(language) })}</button>
        </form>
      ))}
      {view.source ? (
        <details open class="translation-source">
          <summary>{t('translations.source', { language: languageName(view.source.language) })}</summary>
          <div lang={view.source.language}>
            <h3>{t('translations.sourceTitle')}</h3>
            <p>{view.source.title}</p>
            <h3>{t('translations.sourceSummary')}</h3>
            <p>{view.source.summary}</p>
            <h3>{t('translations.sourceBody')}</h3>
            <pre class="mail__body">{view.source.body}</pre>
          </div>
        </details>
      ) : null}
    </section>
  );
}

function Checkboxes(props: {
  name: string;
  legend: string;
  options: Array<{ id: number; name: string }>;
  checked: number[];
}) {
  return (
    <fieldset class="checkboxes">
      <legend>{props.legend}</legend>
      <ul>
        {props.options.map((o) => (
          <li key={o.id}>
            <label>
              <input
                type="checkbox"
                name={props.name}
                value={String(o.id)}
                checked={props.checked.includes(o.id)}
              />{' '}
              {o.name}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function editorPage(site: Site, staff: Staff, choices: EditorChoices, view: EditorView) {
  const { values, errors, article } = view;
  const title = article ? t('editor.edit', { title: article.title }) : t('admin.nav.newArticle');
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles/new';
  return renderDocument(
    <AdminLayout
      site={site}
      staff={staff}
      title={title}
      current={article ? '/admin/articles' : '/admin/articles/new'}
    >
      <h1>{title}</h1>
      {view.notice ? (
        <p class="notice" role="status">
          {view.notice}
        </p>
      ) : null}
      {view.alert ? (
        <p class="notice notice--warning" role="alert">
          {view.alert}
        </p>
      ) : null}
      {view.conflict ? (
        <section class="conflict" role="alert" aria-labelledby="conflict-heading">
          <h2 id="conflict-heading">{t('editor.conflict')}</h2>
          <p>
            {t('editor.conflictBody', {
              when: when(view.conflict.updated_at),
              version: view.conflict.version,
            })}
          </p>
          <details open>
            <summary>{t('editor.theirVersion')}</summary>
            <h3>{view.conflict.title}</h3>
            <p>{view.conflict.summary}</p>
            <pre class="mail__body">{view.conflict.body}</pre>
          </details>
        </section>
      ) : null}
      <ErrorSummary title={t('admin.errors')} errors={errors} />
      {article ? (
        <p class="editor-meta">
          <span class={`status status--${article.status}`}>{t(`status.${article.status}`)}</span>{' '}
          {t('editor.version', { version: article.version })} ·{' '}
          {t('editor.updatedAt', { when: when(article.updated_at) })}
          {article.status === 'scheduled'
            ? ` · ${t('editor.scheduledFor', { when: when(article.published_at) })}`
            : ''}{' '}
          · <a href={`/admin/articles/${article.id}/revisions`}>{t('editor.revisions')}</a>
          {article.type === 'urgent-action' ? (
            <>
              {' · '}
              {/* The actions room's page (linked by address, never imported): number, dates, targets. */}
              <a href={`/admin/actions/${article.id}`}>{t('editor.uaDetails')}</a>
            </>
          ) : null}
          {view.publicHref ? (
            <>
              {' · '}
              <a href={view.publicHref}>{t('editor.viewLive')}</a>
            </>
          ) : null}
        </p>
      ) : null}
      {article && view.translations ? (
        <Translations article={article} view={view.translations} csrf={view.csrf} />
      ) : null}
      <form method="post" action={action} class="form editor">
        <CsrfField token={view.csrf} />
        <input type="hidden" name="version" value={String(values.version)} />
        <Field name="title" label={t('editor.title')} error={errors.title}>
          {(a) => <input required maxLength={300} value={values.title} {...a} />}
        </Field>
        <SelectField
          name="type"
          label={t('editor.type')}
          choices={ARTICLE_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
          selected={values.type}
        />
        <SelectField
          name="language"
          label={t('editor.language')}
          hint={t('editor.languageHint')}
          choices={[
            { value: '', label: t('editor.languageNone') },
            ...CONTENT_LANGUAGES.map((language) => ({ value: language, label: languageName(language) })),
          ]}
          selected={values.language}
        />
        <Field name="slug" label={t('editor.slug')} hint={t('editor.slugHint')} error={errors.slug}>
          {(a) => <input maxLength={120} value={values.slug} pattern="[a-z0-9\-]*" {...a} />}
        </Field>
        <Field
          name="summary"
          label={t('editor.summary')}
          hint={t('editor.summaryHint')}
          error={errors.summary}
        >
          {(a) => <textarea rows={3} maxLength={1000} value={values.summary} {...a} />}
        </Field>
        <Field name="body" label={t('editor.body')} hint={t('editor.bodyHint')} error={errors.body}>
          {(a) => (
            <textarea
              rows={18}
              class="editor__body"
              data-preview="editor-preview"
              data-csrf={view.csrf}
              value={values.body}
              {...a}
            />
          )}
        </Field>
        <div id="editor-preview" class="prose editor__preview" aria-live="polite" hidden />
        <Field name="location" label={t('editor.location')} hint={t('editor.locationHint')}>
          {(a) => <input maxLength={200} value={values.location} {...a} />}
        </Field>
        <Field name="reference" label={t('editor.reference')} hint={t('editor.referenceHint')}>
          {(a) => <input maxLength={50} value={values.reference} {...a} />}
        </Field>
        <SelectField
          name="lead_image_id"
          label={t('editor.image')}
          error={errors.lead_image_id}
          none={t('editor.noImage')}
          choices={choices.images.map((m) => ({
            value: String(m.id),
            label: m.alt ? m.alt.slice(0, 80) : `${m.original_name} (${t('editor.noAlt')})`,
          }))}
          selected={values.lead_image_id === null ? undefined : String(values.lead_image_id)}
        />
        <Checkboxes
          name="countries"
          legend={t('item.countries')}
          options={choices.countries}
          checked={values.countries}
        />
        <Checkboxes
          name="topics"
          legend={t('item.topics')}
          options={choices.topics}
          checked={values.topics}
        />
        <Checkboxes name="cases" legend={t('item.cases')} options={choices.cases} checked={values.cases} />
        {choices.documents.length > 0 ? (
          <Checkboxes
            name="attachments"
            legend={t('item.attachments')}
            options={choices.documents}
            checked={values.attachments}
          />
        ) : null}
        {article?.translation_outdated ? (
          <div class="field">
            <label>
              <input type="checkbox" name="up_to_date" value="yes" aria-describedby="up-to-date-hint" />{' '}
              {t('translations.upToDate')}
            </label>
            <p class="field__hint" id="up-to-date-hint">
              {t('translations.upToDateHint')}
            </p>
          </div>
        ) : null}
        <div class="editor__actions">
          <button type="submit" name="action" value="save">
            {article && article.status !== 'draft' ? t('editor.saveChanges') : t('editor.saveDraft')}
          </button>
          {view.canPublish ? (
            <>
              <button type="submit" name="action" value="publish">
                {article?.status === 'published' ? t('editor.republish') : t('editor.publish')}
              </button>
              <Field
                name="publish_at"
                label={t('editor.publishAt')}
                hint={t('editor.publishAtHint')}
                error={errors.publish_at}
              >
                {(a) => <input type="datetime-local" value={values.publish_at} {...a} />}
              </Field>
              <button type="submit" name="action" value="schedule">
                {t('editor.schedule')}
              </button>
              {article && article.status !== 'draft' ? (
                <button type="submit" name="action" value="unpublish">
                  {t('editor.unpublish')}
                </button>
              ) : null}
              {article && article.status !== 'archived' ? (
                <button type="submit" name="action" value="archive">
                  {t('editor.archive')}
                </button>
              ) : null}
            </>
          ) : (
            <p class="field__hint">{t('editor.cannotPublish')}</p>
          )}
          {article ? (
            <button type="submit" formaction={`/admin/articles/${article.id}/preview`} formtarget="_blank">
              {t('editor.preview')}
            </button>
          ) : null}
        </div>
      </form>
    </AdminLayout>,
  );
}

export function revisionsPage(
  site: Site,
  staff: Staff,
  article: EditableArticle,
  rows: Array<{
    id: number;
    version: number;
    kind: 'saved' | 'refused';
    created_at: string;
    user_name: string | null;
  }>,
) {
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('editor.revisionsOf', { title: article.title })}>
      <h1>{t('editor.revisionsOf', { title: article.title })}</h1>
      <p>
        <a href={`/admin/articles/${article.id}`}>{t('editor.backToEdit')}</a>
      </p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('editor.versionCol')}</th>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('editor.compare')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                {r.version}
                {r.kind === 'refused' ? ` (${t('editor.refused')})` : ''}
              </td>
              <td>{when(r.created_at)}</td>
              <td>{r.user_name ?? 'system'}</td>
              <td>
                <a href={`/admin/articles/${article.id}/revisions/${r.id}`}>
                  {t('editor.compareWithCurrent')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>,
  );
}

export function revisionPage(
  site: Site,
  staff: Staff,
  view: {
    article: EditableArticle;
    revisionId: number;
    version: number;
    fields: Array<{ label: string; before: string; after: string }>;
    body: DiffLine[];
    csrf: string;
    canRestore: boolean;
  },
) {
  const { article } = view;
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('editor.revisionTitle', { version: view.version })}>
      <h1>{t('editor.revisionTitle', { version: view.version })}</h1>
      <p>{t('editor.revisionIntro', { title: article.title, current: article.version })}</p>
      {view.fields.length === 0 && view.body.every((l) => l.op === 'same') ? (
        <p>{t('editor.noDifference')}</p>
      ) : null}
      {view.fields.length > 0 ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('editor.field')}</th>
              <th scope="col">{t('editor.thisVersion')}</th>
              <th scope="col">{t('editor.currentVersion')}</th>
            </tr>
          </thead>
          <tbody>
            {view.fields.map((f) => (
              <tr key={f.label}>
                <th scope="row">{f.label}</th>
                <td>{f.before}</td>
                <td>{f.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t('editor.body')}</h2>
      <p class="field__hint">{t('editor.diffLabel')}</p>
      <pre class="diff">
        {view.body.map((l, i) =>
          l.op === 'same' ? (
            <span key={i}>{`  ${l.text}\n`}</span>
          ) : l.op === 'removed' ? (
            <del key={i}>{`- ${l.text}\n`}</del>
          ) : (
            <ins key={i}>{`+ ${l.text}\n`}</ins>
          ),
        )}
      </pre>
      {view.canRestore ? (
        <form method="post" action={`/admin/articles/${article.id}/revisions/${view.revisionId}/restore`}>
          <CsrfField token={view.csrf} />
          <input type="hidden" name="version" value={String(article.version)} />
          <button type="submit">{t('editor.restore', { version: view.version })}</button>
        </form>
      ) : null}
      <p>
        <a href={`/admin/articles/${article.id}/revisions`}>{t('editor.revisions')}</a>
      </p>
    </AdminLayout>,
  );
}

/**
 * When even the form cannot be shown again (the database answers no reads either): what was sent,
 * as a button that sends it again and as text to copy, so nothing typed is lost.
 */
export function unsavedPage(
  site: Site,
  staff: Staff,
  view: { action: string; fields: SubmittedFields; csrf: string },
) {
  const texts = Object.entries(view.fields).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  );
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('form.cannotSaveTitle')}>
      <h1>{t('form.cannotSaveTitle')}</h1>
      <p class="notice notice--warning" role="alert">
        {t('form.cannotSave')}
      </p>
      <form method="post" action={view.action}>
        <CsrfField token={view.csrf} />
        <KeptFields fields={view.fields} />
        <button type="submit">{t('form.sendAgain')}</button>
      </form>
      <h2>{t('admin.resume.yourText')}</h2>
      {texts.map(([name, value]) => (
        <p key={name} class="field">
          <label for={`kept-${name}`}>{name}</label>
          <textarea id={`kept-${name}`} readonly rows={Math.min(12, value.split('\n').length + 1)}>
            {value}
          </textarea>
        </p>
      ))}
    </AdminLayout>,
  );
}

/** The public page of an unsaved article, exactly as readers would see it, under a banner saying so. */
export function previewPage(site: Site, article: ArticleView): string {
  return articlePage(site, article).replace(
    '<main id="main" tabindex="-1">',
    `<main id="main" tabindex="-1"><p class="notice preview-banner" role="note">${t('editor.previewBanner')}</p>`,
  );
}

/** The live preview's answer to a body it refuses: the message, for anyone reading the answer. */
export function previewRefusal(message: string): string {
  return renderFragment(<p class="field__error">{message}</p>);
}
