import { AdminLayout, type Staff } from '../../accounts/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FieldErrors,
  SelectField,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ArticleRef, CaseRef } from '../newsroom.js';
import type { UaState } from '../rules.js';
import type { TargetRow } from '../service.js';
import type { UaView } from '../view.js';

interface Page {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

const text = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};
const list = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

export function actionsListPage(
  p: Page,
  rows: ReadonlyArray<{ article: ArticleRef; reference: string; state: UaState }>,
): string {
  return renderDocument(
    <AdminLayout site={p.site} staff={p.staff} title={t('uaAdmin.title')} current="/admin/actions">
      <h1>{t('uaAdmin.title')}</h1>
      <p>{t('uaAdmin.intro')}</p>
      <p>
        <a href="/admin/actions/impact">{t('uaImpactAll.link')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('uaAdmin.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('uaAdmin.article')}</th>
              <th scope="col">{t('uaAdmin.number')}</th>
              <th scope="col">{t('uaAdmin.state')}</th>
              <th scope="col">{t('uaAdmin.edit')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.article.id}>
                <td>{r.article.title}</td>
                <td>{r.reference}</td>
                <td>{t(`ua.state.${r.state}`)}</td>
                <td>
                  <a
                    href={`/admin/actions/${r.article.id}`}
                    aria-label={t('uaAdmin.editLabel', { title: r.article.title })}
                  >
                    {t('uaAdmin.edit')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}

/** The details form's values: what was sent, or what is stored. */
export function fieldsOfView(view: UaView | null): SubmittedFields {
  // Details not yet saved: the table's defaults, so the first save needs only what was changed.
  if (!view) return { goal: '0', hourly_cap: String(DEFAULT_HOURLY_CAP) };
  return {
    follows_id: view.followsId === null ? '' : String(view.followsId),
    document_index: view.documentIndex,
    issued_on: view.issuedOn ?? '',
    act_before: view.actBefore ?? '',
    languages: view.languages.join(', '),
    asks: view.asks.join('\n'),
    background: view.backgroundMd,
    person_name: view.people.map((x) => x.name),
    person_pronouns: view.people.map((x) => x.pronouns),
    person_case: view.people.map((x) => (x.case ? String(x.case.id) : '')),
    targets: view.targets.map((x) => String(x.id)),
    copies: view.copies.map((x) => String(x.id)),
    goal: String(view.goal),
    hourly_cap: String(view.hourlyCap),
    letter_language: view.letters.map((l) => l.language),
    letter_subject: view.letters.map((l) => l.subject),
    letter_body: view.letters.map((l) => l.body),
    letter_remove: [],
  };
}

/**
 * The sample letters' rows: those sent or saved, and one empty row to add a language (saving
 * brings another). A saved letter has a checkbox to remove it; JavaScript is not needed.
 */
function LetterRows(props: { fields: SubmittedFields; error: string | undefined; saved: readonly string[] }) {
  const languages = list(props.fields, 'letter_language');
  const subjects = list(props.fields, 'letter_subject');
  const bodies = list(props.fields, 'letter_body');
  const removed = new Set(list(props.fields, 'letter_remove'));
  const filled = Math.max(languages.length, subjects.length, bodies.length);
  const rows = filled + 1;
  return (
    <fieldset id="field-letter_language" class="ua-admin__letters">
      <legend>{t('uaAdmin.letters')}</legend>
      <p class="field__hint">{t('uaAdmin.lettersHint')}</p>
      {props.error ? <p class="field__error">{props.error}</p> : null}
      {Array.from({ length: rows }, (_, i) => {
        const n = i + 1;
        const language = languages[i] ?? '';
        return (
          <div class="ua-admin__letter" key={i}>
            <label for={`letter-language-${n}`}>{t('uaAdmin.letterLanguage', { n })}</label>
            <p class="field__hint" id={`letter-language-${n}-hint`}>
              {t('uaAdmin.letterLanguageHint')}
            </p>
            <input
              id={`letter-language-${n}`}
              name="letter_language"
              maxLength={35}
              value={language}
              aria-describedby={`letter-language-${n}-hint`}
            />
            <label for={`letter-subject-${n}`}>{t('uaAdmin.letterSubject', { n })}</label>
            <input
              id={`letter-subject-${n}`}
              name="letter_subject"
              maxLength={200}
              value={subjects[i] ?? ''}
            />
            <label for={`letter-body-${n}`}>{t('uaAdmin.letterBody', { n })}</label>
            <textarea id={`letter-body-${n}`} name="letter_body" rows={10} maxLength={10000}>
              {bodies[i] ?? ''}
            </textarea>
            {language !== '' && props.saved.includes(language) ? (
              <label class="ua-admin__remove">
                <input
                  type="checkbox"
                  name="letter_remove"
                  value={language}
                  checked={removed.has(language)}
                />{' '}
                {t('uaAdmin.letterRemove', { language })}
              </label>
            ) : null}
          </div>
        );
      })}
      <p class="field__hint">{t('uaAdmin.letterAdd')}</p>
    </fieldset>
  );
}

export interface DetailsPageProps extends Page {
  article: ArticleRef;
  view: UaView | null;
  /** Urgent actions with a number this one may follow (not itself). */
  numbered: ReadonlyArray<{ articleId: number; reference: string; title: string }>;
  cases: readonly CaseRef[];
  targets: readonly TargetRow[];
  fields: SubmittedFields;
  errors: FieldErrors;
  notice: 'saved' | 'event' | null;
  eventErrors: FieldErrors;
}

const ROLES = ['none', 'target', 'copy'] as const;

/** Migration 025's default of `urgent_actions.hourly_cap`. */
const DEFAULT_HOURLY_CAP = 20;

export function detailsPage(p: DetailsPageProps): string {
  const { fields, errors, view } = p;
  const names = list(fields, 'person_name');
  const rows = Math.max(names.length + 2, 3);
  const targets = new Set(list(fields, 'targets'));
  const copies = new Set(list(fields, 'copies'));
  const state = view?.status.state ?? 'draft';
  const action = `/admin/actions/${p.article.id}`;
  return renderDocument(
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={t('uaAdmin.detailsTitle', { title: p.article.title })}
      current="/admin/actions"
    >
      <h1>{t('uaAdmin.detailsTitle', { title: p.article.title })}</h1>
      <p>
        <a href={`/admin/articles/${p.article.id}`}>{t('uaAdmin.editArticle')}</a>
        {' · '}
        <a href={`${action}/impact`}>{t('uaImpact.link')}</a>
        {' · '}
        <a href={`${action}/ledger`}>{t('ledger.admin.link')}</a>
        {view?.reference ? ` · ${view.reference}` : ''}
        {view?.updateLabel ? ` · ${t('ua.nthUpdate', { ordinal: view.updateLabel })}` : ''}
      </p>
      {p.notice === 'saved' ? <p role="status">{t('uaAdmin.saved')}</p> : null}
      {p.notice === 'event' ? <p role="status">{t('uaAdmin.eventSaved')}</p> : null}
      <ErrorSummary title={t('admin.errors')} errors={{ ...errors, ...p.eventErrors }} />
      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={p.csrf} />
        {view?.reference ? (
          <p>
            {t('uaAdmin.follows')}: {t('uaAdmin.followsFixed', { reference: view.reference })}
            <input type="hidden" name="follows_id" value={text(fields, 'follows_id')} />
          </p>
        ) : (
          <SelectField
            name="follows_id"
            label={t('uaAdmin.follows')}
            hint={t('uaAdmin.followsHint')}
            error={errors.follows_id}
            none={t('uaAdmin.followsNone')}
            choices={p.numbered.map((n) => ({
              value: String(n.articleId),
              label: `${n.reference}: ${n.title}`,
            }))}
            selected={text(fields, 'follows_id')}
          />
        )}
        <Field
          name="document_index"
          label={t('uaAdmin.documentIndex')}
          hint={t('uaAdmin.documentIndexHint')}
          error={errors.document_index}
        >
          {(a) => <input maxLength={50} value={text(fields, 'document_index')} {...a} />}
        </Field>
        <Field
          name="issued_on"
          label={t('uaAdmin.issuedOn')}
          hint={t('uaAdmin.dateHint')}
          error={errors.issued_on}
        >
          {(a) => <input type="date" value={text(fields, 'issued_on')} {...a} />}
        </Field>
        <Field
          name="act_before"
          label={t('uaAdmin.actBefore')}
          hint={t('uaAdmin.dateHint')}
          error={errors.act_before}
        >
          {(a) => <input type="date" value={text(fields, 'act_before')} {...a} />}
        </Field>
        <Field
          name="languages"
          label={t('uaAdmin.languages')}
          hint={t('uaAdmin.languagesHint')}
          error={errors.languages}
        >
          {(a) => <input maxLength={200} value={text(fields, 'languages')} {...a} />}
        </Field>
        <Field name="asks" label={t('uaAdmin.asks')} hint={t('uaAdmin.asksHint')} error={errors.asks}>
          {(a) => <textarea rows={5} maxLength={3500} value={text(fields, 'asks')} {...a} />}
        </Field>
        <Field
          name="background"
          label={t('uaAdmin.background')}
          hint={t('uaAdmin.backgroundHint')}
          error={errors.background}
        >
          {(a) => <textarea rows={6} maxLength={20000} value={text(fields, 'background')} {...a} />}
        </Field>
        <Field name="goal" label={t('uaAdmin.goal')} hint={t('uaAdmin.goalHint')} error={errors.goal}>
          {(a) => <input inputMode="numeric" maxLength={9} value={text(fields, 'goal')} {...a} />}
        </Field>
        <Field
          name="hourly_cap"
          label={t('uaAdmin.hourlyCap')}
          hint={t('uaAdmin.hourlyCapHint')}
          error={errors.hourly_cap}
        >
          {(a) => <input inputMode="numeric" maxLength={9} value={text(fields, 'hourly_cap')} {...a} />}
        </Field>
        <fieldset id="field-person_name">
          <legend>{t('uaAdmin.people')}</legend>
          {errors.person_name || errors.person_pronouns || errors.person_case ? (
            <p class="field__error">{t('uaAdmin.error.people')}</p>
          ) : null}
          {Array.from({ length: rows }, (_, i) => {
            const n = i + 1;
            const caseId = list(fields, 'person_case')[i] ?? '';
            return (
              <div class="ua-admin__person" key={i}>
                <label for={`person-name-${n}`}>{t('uaAdmin.personName', { n })}</label>
                <input id={`person-name-${n}`} name="person_name" maxLength={200} value={names[i] ?? ''} />
                <label for={`person-pronouns-${n}`}>{t('uaAdmin.personPronouns', { n })}</label>
                <input
                  id={`person-pronouns-${n}`}
                  name="person_pronouns"
                  maxLength={50}
                  value={list(fields, 'person_pronouns')[i] ?? ''}
                />
                <label for={`person-case-${n}`}>{t('uaAdmin.personCase', { n })}</label>
                <select id={`person-case-${n}`} name="person_case">
                  <option value="">{t('uaAdmin.noCase')}</option>
                  {p.cases.map((c) => (
                    <option key={c.id} value={String(c.id)} selected={caseId === String(c.id)}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>
        <fieldset id="field-targets">
          <legend>{t('uaAdmin.targets')}</legend>
          <p class="field__hint">{t('uaAdmin.targetsHint')}</p>
          {errors.targets || errors.copies ? (
            <p class="field__error">{errors.targets ?? errors.copies}</p>
          ) : null}
          {p.targets.length === 0 ? <p>{t('uaAdmin.noTargets')}</p> : null}
          {p.targets.map((x) => {
            const id = String(x.id);
            const role = targets.has(id) ? 'target' : copies.has(id) ? 'copy' : 'none';
            return (
              <fieldset key={x.id} class="ua-admin__target">
                <legend>
                  {t('uaAdmin.targetRole', { name: `${x.name}${x.title ? `, ${x.title}` : ''}` })}
                </legend>
                {ROLES.map((r) => (
                  <label key={r}>
                    <input type="radio" name={`role_${x.id}`} value={r} checked={role === r} />{' '}
                    {t(`uaAdmin.role.${r}`)}
                  </label>
                ))}
              </fieldset>
            );
          })}
          <p>
            <a href="/admin/targets">{t('uaAdmin.directory')}</a>
          </p>
        </fieldset>
        <LetterRows
          fields={fields}
          error={errors.letter_language ?? errors.letter_subject ?? errors.letter_body}
          saved={view?.letters.map((l) => l.language) ?? []}
        />
        <button type="submit">{t('uaAdmin.save')}</button>
      </form>
      <section aria-labelledby="ua-status-heading">
        <h2 id="ua-status-heading">{t('uaAdmin.statusHeading')}</h2>
        <p>
          {view?.status.expired && (state === 'open' || state === 'updated')
            ? t('ua.expired')
            : t(`ua.state.${state}`)}
        </p>
        {view && view.events.length > 0 ? (
          <>
            <h3>{t('uaAdmin.events')}</h3>
            <ul>
              {view.events.map((e) => (
                <li key={e.id}>
                  {t('uaAdmin.eventBy', {
                    kind: t(`uaAdmin.kind.${e.kind}`),
                    when: formatUtcMinute(e.occurred_at),
                    who: e.actor === 'publication' ? t('uaAdmin.byPublication') : e.actor,
                  })}
                  {e.note ? ` — ${e.note}` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {state === 'draft' ? (
          <p>{t('uaAdmin.notPublished')}</p>
        ) : state === 'success' ? (
          <p>{t('uaAdmin.noChange')}</p>
        ) : (
          <form method="post" action={`${action}/events`} class="form" novalidate>
            <CsrfField token={p.csrf} />
            <SelectField
              name="kind"
              label={t('uaAdmin.eventKind')}
              error={p.eventErrors.kind}
              choices={[
                ...(state !== 'closed' ? [{ value: 'closed', label: t('uaAdmin.close') }] : []),
                { value: 'success', label: t('uaAdmin.success') },
              ]}
            />
            <Field name="note" label={t('uaAdmin.note')} error={p.eventErrors.note}>
              {(a) => <textarea rows={3} maxLength={2000} {...a} />}
            </Field>
            <button type="submit">{t('uaAdmin.recordEvent')}</button>
          </form>
        )}
      </section>
    </AdminLayout>,
  );
}

export function targetsListPage(p: Page, rows: readonly TargetRow[], saved: boolean): string {
  return renderDocument(
    <AdminLayout site={p.site} staff={p.staff} title={t('targets.title')} current="/admin/targets">
      <h1>{t('targets.title')}</h1>
      <p>{t('targets.intro')}</p>
      {saved ? <p role="status">{t('targets.saved')}</p> : null}
      <p>
        <a href="/admin/targets/new">{t('targets.new')}</a>
      </p>
      {rows.length === 0 ? (
        <p>{t('targets.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('targets.name')}</th>
              <th scope="col">{t('targets.titleField')}</th>
              <th scope="col">{t('targets.jurisdiction')}</th>
              <th scope="col">{t('targets.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{[r.honorific, r.name].filter(Boolean).join(' ')}</td>
                <td>{[r.title, r.body].filter(Boolean).join(', ')}</td>
                <td>{[r.state, r.country_code].filter(Boolean).join(', ')}</td>
                <td>
                  <a href={`/admin/targets/${r.id}`} aria-label={t('targets.edit', { name: r.name })}>
                    {t('targets.actions')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}

export function targetFields(row: TargetRow): SubmittedFields {
  let social: string[] = [];
  try {
    social = JSON.parse(row.social) as string[];
  } catch {
    social = [];
  }
  return {
    honorific: row.honorific,
    name: row.name,
    title: row.title,
    body: row.body,
    country_code: row.country_code,
    state: row.state,
    postal_address: row.postal_address,
    email: row.email,
    phone: row.phone,
    social: social.join('\n'),
    salutation: row.salutation,
    language: row.language,
    time_zone: row.time_zone,
    office_hours: row.office_hours,
  };
}

const TEXT_FIELDS: ReadonlyArray<{
  name: string;
  label: Parameters<typeof t>[0];
  hint?: Parameters<typeof t>[0];
  max: number;
  type?: 'text' | 'email' | 'tel';
  area?: true;
}> = [
  { name: 'honorific', label: 'targets.honorific', hint: 'targets.honorificHint', max: 50 },
  { name: 'name', label: 'targets.name', max: 200 },
  { name: 'title', label: 'targets.titleField', hint: 'targets.titleHint', max: 200 },
  { name: 'body', label: 'targets.body', max: 200 },
  { name: 'country_code', label: 'targets.country', hint: 'targets.countryHint', max: 2 },
  { name: 'state', label: 'targets.state', max: 100 },
  { name: 'postal_address', label: 'targets.postal', max: 1000, area: true },
  { name: 'email', label: 'targets.email', max: 254, type: 'email' },
  { name: 'phone', label: 'targets.phone', hint: 'targets.phoneHint', max: 30, type: 'tel' },
  { name: 'social', label: 'targets.social', hint: 'targets.socialHint', max: 2200, area: true },
  { name: 'salutation', label: 'targets.salutation', hint: 'targets.salutationHint', max: 100 },
  { name: 'language', label: 'targets.language', hint: 'targets.languageHint', max: 20 },
  { name: 'time_zone', label: 'targets.timeZone', hint: 'targets.timeZoneHint', max: 64 },
  {
    name: 'office_hours',
    label: 'targets.officeHours',
    hint: 'targets.officeHoursHint',
    max: 2000,
    area: true,
  },
];

export function targetPage(
  p: Page,
  props: { id: number | null; fields: SubmittedFields; errors: FieldErrors },
): string {
  const title =
    props.id === null ? t('targets.new') : t('targets.edit', { name: text(props.fields, 'name') });
  const action = props.id === null ? '/admin/targets/new' : `/admin/targets/${props.id}`;
  return renderDocument(
    <AdminLayout site={p.site} staff={p.staff} title={title} current="/admin/targets">
      <h1>{title}</h1>
      <ErrorSummary title={t('admin.errors')} errors={props.errors} />
      <form method="post" action={action} class="form" novalidate>
        <CsrfField token={p.csrf} />
        {TEXT_FIELDS.map((f) => (
          <Field
            key={f.name}
            name={f.name}
            label={t(f.label)}
            hint={f.hint ? t(f.hint) : undefined}
            error={props.errors[f.name]}
          >
            {(a) =>
              f.area ? (
                <textarea rows={4} maxLength={f.max} value={text(props.fields, f.name)} {...a} />
              ) : f.type === 'email' ? (
                <input type="email" maxLength={f.max} value={text(props.fields, f.name)} {...a} />
              ) : f.type === 'tel' ? (
                <input type="tel" maxLength={f.max} value={text(props.fields, f.name)} {...a} />
              ) : (
                <input type="text" maxLength={f.max} value={text(props.fields, f.name)} {...a} />
              )
            }
          </Field>
        ))}
        <button type="submit">{t('targets.save')}</button>
      </form>
    </AdminLayout>,
  );
}

/** The details page of an article that is not (or no longer) an urgent action. */
export function notUrgentPage(p: Page, article: ArticleRef): string {
  return renderDocument(
    <AdminLayout
      site={p.site}
      staff={p.staff}
      title={t('uaAdmin.detailsTitle', { title: article.title })}
      current="/admin/actions"
    >
      <h1>{t('uaAdmin.detailsTitle', { title: article.title })}</h1>
      <p>{t('uaAdmin.notUrgent')}</p>
      <p>
        <a href={`/admin/articles/${article.id}`}>{t('uaAdmin.editArticle')}</a>
      </p>
    </AdminLayout>,
  );
}
