import { AdminLayout, type Staff } from '../../accounts/index.js';
import type { MediaRow } from '../../platform/db/index.js';
import { formatBytes, formatDate, t } from '../../platform/i18n/index.js';
import { Pager } from '../../platform/views/components.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { MediaRefusal } from '../permissions.js';
import type { MediaFilter, MediaUse } from '../queries.js';
import { variantFileName } from '../storage.js';
import { documentView } from '../urls.js';

export const MEDIA_FILTERS: readonly MediaFilter[] = ['all', 'image', 'document', 'no-alt'];

export interface DetailsValues {
  alt: string;
  caption: string;
  credit: string;
}

export const emptyDetails: DetailsValues = { alt: '', caption: '', credit: '' };

/** What the file input accepts: a hint for the browser's picker only; the server sniffs content. */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,application/pdf,.jpg,.jpeg,.png,.webp,.avif,.pdf';

const hasAlt = (row: MediaRow) => row.kind !== 'image' || row.alt.trim() !== '';

/** "PDF document, 12 pages", or without the count when it could not be read from the file. */
function documentSummary(row: MediaRow): string {
  if (row.page_count === null) return `${t('media.kind.document')}, ${t('media.pagesUnknown')}`;
  const pages = t('media.pages', { count: row.page_count });
  return `${t('media.kind.document')}, ${pages}`;
}

/** The title a PDF gives itself, which can differ from its file name. */
function DocumentTitle(props: { row: MediaRow }) {
  if (props.row.kind !== 'document' || !props.row.document_title) return null;
  return (
    <>
      <br />
      {t('media.documentTitle', { title: props.row.document_title })}
    </>
  );
}

function Thumbnail(props: { row: MediaRow; width: number }) {
  const { row } = props;
  if (row.kind !== 'image') {
    return <span class="media-thumb media-thumb--document">{t('media.kind.document')}</span>;
  }
  const widths = row.variant_widths.split(',').filter(Boolean).map(Number);
  const smallest = widths[0] ?? 480;
  const ratio = row.width && row.height ? row.height / row.width : 2 / 3;
  return (
    // Decorative here: the alt text is shown in words beside it.
    <img
      class="media-thumb"
      src={`/media/${variantFileName(row.storage_key, smallest)}`}
      alt=""
      width={props.width}
      height={Math.round(props.width * ratio)}
      loading="lazy"
    />
  );
}

function UseLink(props: { use: MediaUse }) {
  const { use } = props;
  const href = use.kind === 'article' ? `/admin/articles/${use.id}` : `/admin/cases/${use.id}`;
  const status = use.kind === 'article' ? t(`status.${use.status}`) : t(`case.status.${use.status}`);
  return (
    <>
      <a href={href}>{use.title}</a> ({t(`media.role.${use.role}`)}, {status})
    </>
  );
}

function UsesList(props: { uses: readonly MediaUse[] }) {
  if (props.uses.length === 0) return <p>{t('media.unused')}</p>;
  return (
    <ul class="media-uses">
      {props.uses.map((u) => (
        <li key={`${u.kind}-${u.role}-${u.id}`}>
          <UseLink use={u} />
        </li>
      ))}
    </ul>
  );
}

function DetailsFields(props: { values: DetailsValues; errors: FieldErrors; isImage: boolean | 'maybe' }) {
  const { values, errors } = props;
  return (
    <>
      {props.isImage !== false ? (
        <Field
          name="alt"
          label={props.isImage === 'maybe' ? t('media.altForImages') : t('media.alt')}
          hint={t('media.altHint')}
          error={errors.alt}
        >
          {(a) => (
            <textarea rows={2} maxLength={500} required={props.isImage === true} value={values.alt} {...a} />
          )}
        </Field>
      ) : null}
      <Field name="caption" label={t('media.caption')} hint={t('media.captionHint')} error={errors.caption}>
        {(a) => <textarea rows={2} maxLength={1000} value={values.caption} {...a} />}
      </Field>
      <Field name="credit" label={t('media.credit')} hint={t('media.creditHint')} error={errors.credit}>
        {(a) => <input type="text" maxLength={300} value={values.credit} {...a} />}
      </Field>
    </>
  );
}

export interface LibraryView {
  rows: MediaRow[];
  uses: Map<number, MediaUse[]>;
  filter: MediaFilter;
  page: number;
  pages: number;
  total: number;
  csrf: string;
  values: DetailsValues;
  errors: FieldErrors;
  notice?: string;
}

const filterHref = (filter: MediaFilter, page = 1) => {
  const params = new URLSearchParams();
  if (filter !== 'all') params.set('kind', filter);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/admin/media?${query}` : '/admin/media';
};

export function libraryPage(site: Site, staff: Staff, view: LibraryView) {
  const hasErrors = Object.values(view.errors).some(Boolean);
  return renderDocument(
    <AdminLayout
      site={site}
      staff={staff}
      title={hasErrors ? `${t('admin.errors')}: ${t('media.title')}` : t('media.title')}
      current="/admin/media"
    >
      <h1>{t('media.title')}</h1>
      {view.notice ? (
        <p class="notice" role="status">
          {view.notice}
        </p>
      ) : null}
      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('media.upload')}</h2>
        <ErrorSummary errors={view.errors} title={t('admin.errors')} />
        {/* A multipart body is read by the handler, after the guard: the CSRF token rides in the address. */}
        <form
          method="post"
          action={`/admin/media?_csrf=${encodeURIComponent(view.csrf)}`}
          enctype="multipart/form-data"
          class="form"
        >
          <Field name="file" label={t('media.file')} hint={t('media.fileHint')} error={view.errors.file}>
            {(a) => <input type="file" accept={ACCEPT} required {...a} />}
          </Field>
          <DetailsFields values={view.values} errors={view.errors} isImage="maybe" />
          <button type="submit" class="button">
            {t('media.submit')}
          </button>
        </form>
      </section>
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">{t('media.library', { count: view.total })}</h2>
        <nav aria-label={t('media.filter')}>
          <ul class="chips">
            {MEDIA_FILTERS.map((f) => (
              <li key={f}>
                <a href={filterHref(f)} aria-current={view.filter === f ? 'page' : undefined}>
                  {t(`media.filter.${f}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {view.rows.length === 0 ? (
          <p>{t('media.empty')}</p>
        ) : (
          <table class="table media-table">
            <thead>
              <tr>
                <th scope="col">{t('media.col.preview')}</th>
                <th scope="col">{t('media.col.file')}</th>
                <th scope="col">{t('media.alt')}</th>
                <th scope="col">{t('media.col.captionCredit')}</th>
                <th scope="col">{t('media.col.size')}</th>
                <th scope="col">{t('media.col.date')}</th>
                <th scope="col">{t('media.usedIn')}</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Thumbnail row={row} width={96} />
                  </td>
                  <td>
                    <a href={`/admin/media/${row.id}`}>{row.original_name || `#${row.id}`}</a>
                    <br />
                    {row.kind === 'image' && row.width && row.height
                      ? t('media.dimensions', { width: row.width, height: row.height })
                      : documentSummary(row)}
                    <DocumentTitle row={row} />
                  </td>
                  <td>
                    {row.kind !== 'image' ? (
                      '—'
                    ) : hasAlt(row) ? (
                      row.alt
                    ) : (
                      <strong class="status status--draft">{t('media.noAlt')}</strong>
                    )}
                  </td>
                  <td>
                    {row.caption}
                    {row.credit ? (
                      <>
                        {row.caption ? <br /> : null}
                        {t('media.creditLine', { credit: row.credit })}
                      </>
                    ) : null}
                  </td>
                  <td>{formatBytes(row.bytes)}</td>
                  <td>{formatDate(row.created_at)}</td>
                  <td>
                    <UsesList uses={view.uses.get(row.id) ?? []} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={view.page} totalPages={view.pages} href={(n) => filterHref(view.filter, n)} />
      </section>
    </AdminLayout>,
  );
}

export interface EditView {
  row: MediaRow;
  uses: MediaUse[];
  csrf: string;
  values: DetailsValues;
  errors: FieldErrors;
  replaceError?: string;
  /** Why the details could not be saved although they were valid (a full disk). */
  saveError?: string;
  notice?: string;
  canDelete: boolean;
  /** Why this person may not change the item; the page then offers no form. */
  refusal: MediaRefusal | null;
}

/** The details as they stand, for someone who may read but not change them. */
function DetailsList(props: { row: MediaRow }) {
  const { row } = props;
  const none = <em>{t('media.none')}</em>;
  return (
    <dl class="media-details">
      {row.kind === 'image' ? (
        <>
          <dt>{t('media.alt')}</dt>
          <dd>{row.alt || none}</dd>
        </>
      ) : null}
      <dt>{t('media.caption')}</dt>
      <dd>{row.caption || none}</dd>
      <dt>{t('media.credit')}</dt>
      <dd>{row.credit || none}</dd>
    </dl>
  );
}

export function editPage(site: Site, staff: Staff, view: EditView) {
  const { row } = view;
  const name = row.original_name || `#${row.id}`;
  const isImage = row.kind === 'image';
  const hasErrors =
    Object.values(view.errors).some(Boolean) || Boolean(view.replaceError) || Boolean(view.saveError);
  const title = t('media.edit', { name });
  return renderDocument(
    <AdminLayout
      site={site}
      staff={staff}
      title={hasErrors ? `${t('admin.errors')}: ${title}` : title}
      current="/admin/media"
    >
      <p>
        <a href="/admin/media">← {t('media.back')}</a>
      </p>
      <h1>{title}</h1>
      {view.notice ? (
        <p class="notice" role="status">
          {view.notice}
        </p>
      ) : null}
      {isImage && !hasAlt(row) ? <p class="notice notice--warning">{t('media.needsAlt')}</p> : null}
      <div class="media-preview">
        {isImage ? (
          <Thumbnail row={row} width={480} />
        ) : (
          <p>
            <a href={documentView(row).href}>{t('media.downloadDocument', { name })}</a>
          </p>
        )}
        <p>
          {isImage && row.width && row.height
            ? `${t('media.dimensions', { width: row.width, height: row.height })}, `
            : ''}
          {isImage ? '' : `${documentSummary(row)}, `}
          {formatBytes(row.bytes)}, {t('media.uploadedOn', { date: formatDate(row.created_at) })}
          <DocumentTitle row={row} />
        </p>
      </div>

      {view.refusal ? (
        <div class="notice notice--warning">
          <h2>{t('media.locked.title')}</h2>
          <p>{t(`media.locked.${view.refusal}`)}</p>
        </div>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t('media.details')}</h2>
        {view.refusal ? (
          <DetailsList row={row} />
        ) : (
          <>
            <ErrorSummary errors={view.errors} title={t('admin.errors')} />
            {view.saveError ? (
              <div class="error-summary" role="alert">
                <h3>{t('media.notSaved')}</h3>
                <p>{view.saveError}</p>
              </div>
            ) : null}
            <form method="post" action={`/admin/media/${row.id}`} class="form">
              <CsrfField token={view.csrf} />
              <DetailsFields values={view.values} errors={view.errors} isImage={isImage} />
              <button type="submit" class="button">
                {t('media.save')}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="uses-heading">
        <h2 id="uses-heading">{t('media.usedIn')}</h2>
        <UsesList uses={view.uses} />
      </section>

      {view.refusal ? null : (
        <section aria-labelledby="replace-heading">
          <h2 id="replace-heading">{t('media.replace')}</h2>
          <p>{t(isImage ? 'media.replaceHintImage' : 'media.replaceHintDocument')}</p>
          {view.replaceError ? (
            <ErrorSummary errors={{ replacement: view.replaceError }} title={t('admin.errors')} />
          ) : null}
          <form
            method="post"
            action={`/admin/media/${row.id}/file?_csrf=${encodeURIComponent(view.csrf)}`}
            enctype="multipart/form-data"
            class="form"
          >
            <Field
              name="replacement"
              label={t('media.replaceFile')}
              hint={t('media.fileHint')}
              error={view.replaceError}
            >
              {(a) => <input type="file" accept={ACCEPT} required {...a} />}
            </Field>
            <button type="submit" class="button">
              {t('media.replaceSubmit')}
            </button>
          </form>
        </section>
      )}

      {view.canDelete ? (
        <section aria-labelledby="delete-heading">
          <h2 id="delete-heading">{t('media.delete')}</h2>
          <p>
            <a href={`/admin/media/${row.id}/delete`}>{t('media.deleteLink', { name })}</a>
          </p>
        </section>
      ) : null}
    </AdminLayout>,
  );
}

export function deletePage(
  site: Site,
  staff: Staff,
  view: { row: MediaRow; uses: MediaUse[]; csrf: string; error?: string },
) {
  const { row } = view;
  const name = row.original_name || `#${row.id}`;
  const title = t('media.deleteTitle', { name });
  return renderDocument(
    <AdminLayout
      site={site}
      staff={staff}
      title={view.error ? `${t('admin.errors')}: ${title}` : title}
      current="/admin/media"
    >
      <p>
        <a href={`/admin/media/${row.id}`}>← {t('media.backToItem')}</a>
      </p>
      <h1>{title}</h1>
      {row.kind === 'image' ? <Thumbnail row={row} width={240} /> : null}
      {view.uses.length > 0 ? (
        <div class="notice notice--warning">
          <p>
            <strong>{t('media.deleteWarning', { count: view.uses.length })}</strong>
          </p>
          <UsesList uses={view.uses} />
        </div>
      ) : (
        <p>{t('media.unused')}</p>
      )}
      <ErrorSummary errors={{ confirm: view.error }} title={t('admin.errors')} />
      <form method="post" action={`/admin/media/${row.id}/delete`} class="form">
        <CsrfField token={view.csrf} />
        <div class={`field${view.error ? ' field--error' : ''}`}>
          {view.error ? (
            <p class="field__error" id="field-confirm-error">
              {view.error}
            </p>
          ) : null}
          <input
            type="checkbox"
            id="field-confirm"
            name="confirm"
            value="yes"
            required
            aria-describedby={view.error ? 'field-confirm-error' : undefined}
            aria-invalid={view.error ? 'true' : undefined}
          />{' '}
          <label for="field-confirm">{t('media.deleteConfirmLabel')}</label>
        </div>
        <button type="submit" class="button button--danger">
          {t('media.deleteSubmit')}
        </button>
      </form>
    </AdminLayout>,
  );
}
