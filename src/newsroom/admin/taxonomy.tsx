import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type Actor,
  AdminLayout,
  type AuditMessage,
  actorOf,
  formToken,
  type Permission,
  recordAudit,
  type Staff,
  sendAdminHtml,
} from '../../accounts/index.js';
import { listImages } from '../../media/index.js';
import type { PageCache } from '../../platform/cache/page-cache.js';
import { recordPurge } from '../../platform/cache/purge-bus.js';
import { cannotWrite, inTransaction, uniqueViolation } from '../../platform/db/errors.js';
import { CASE_STATUSES, type Db, serializeTransactions } from '../../platform/db/index.js';
import { languageName, t } from '../../platform/i18n/index.js';
import { renderMarkdown } from '../../platform/text/markdown.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FieldErrors,
  readForm,
  SelectField,
} from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { keys } from '../models.js';
import { paths } from '../paths.js';
import {
  LOCAL_NAME_LANGUAGES,
  type LocalName,
  localNamesOf,
  localSlugTaken,
  type RenamedKind,
  recordRename,
  setLocalName,
  type TaxonomyKind,
} from '../taxonomy-names.js';
import { unsavedPage } from './views.js';

type Deps = { db: Db; now: () => Date; cache: PageCache; site: Site };

type FieldSpec =
  | {
      name: string;
      label: string;
      kind: 'text';
      required?: boolean;
      pattern?: RegExp;
      patternHint?: string;
      max: number;
    }
  | { name: string; label: string; kind: 'textarea'; max: number; rows: number; hint?: string }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: (db: Db) => Promise<Array<{ value: string; label: string }>>;
      optional?: boolean;
    }
  | { name: string; label: string; kind: 'checkbox' };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugField = (): FieldSpec => ({
  name: 'slug',
  label: t('editor.slug'),
  kind: 'text',
  required: true,
  pattern: SLUG,
  patternHint: t('taxonomy.slugHint'),
  max: 120,
});

type Table = 'regions' | 'countries' | 'topics' | 'cases';
type Row = Record<string, string | number | null>;

interface Kind {
  table: Table;
  path: string;
  title: () => string;
  singular: () => string;
  /** How the audit log says a row was made or changed. */
  audit: { created: AuditMessage['key']; edited: AuditMessage['key'] };
  permission: Permission;
  fields: FieldSpec[];
  /** Fields the table holds UNIQUE (migrations 001), each with what to say when a value is taken. */
  unique: Array<{ field: string; taken: () => string }>;
  /** Columns derived from the form (rendered Markdown, timestamps). */
  derive?: (values: Row, now: string, isNew: boolean) => Row;
  /** Content keys of the public pages that show a row. */
  keysOf: (row: Row) => string[];
  publicHref: (row: Row) => string;
  /** Named per language in `taxonomy_names` under this kind (countries, regions, topics). */
  localKind?: TaxonomyKind;
  /** Its old address words are kept under this kind (`taxonomy_redirects`). */
  renamedKind: RenamedKind;
}

const regionOptions = async (db: Db) =>
  (await db.selectFrom('regions').select(['id', 'name']).orderBy('name').execute()).map((r) => ({
    value: String(r.id),
    label: r.name,
  }));
const countryOptions = async (db: Db) =>
  (await db.selectFrom('countries').select(['id', 'name']).orderBy('name').execute()).map((r) => ({
    value: String(r.id),
    label: r.name,
  }));
const imageOptions = async (db: Db) =>
  (await listImages(db)).map((m) => ({
    value: String(m.id),
    label: m.alt ? m.alt.slice(0, 80) : `${m.original_name} (${t('editor.noAlt')})`,
  }));

const KINDS: Kind[] = [
  {
    table: 'cases',
    path: 'cases',
    audit: { created: 'audit.case.created', edited: 'audit.case.edited' },
    title: () => t('nav.cases'),
    singular: () => t('taxonomy.case'),
    permission: 'case.manage',
    fields: [
      { name: 'name', label: t('users.name'), kind: 'text', required: true, max: 200 },
      slugField(),
      { name: 'summary', label: t('editor.summary'), kind: 'textarea', max: 1000, rows: 3 },
      {
        name: 'story_md',
        label: t('taxonomy.story'),
        kind: 'textarea',
        max: 100_000,
        rows: 12,
        hint: t('editor.bodyHint'),
      },
      {
        name: 'status',
        label: t('editor.status'),
        kind: 'select',
        options: async () => CASE_STATUSES.map((s) => ({ value: s, label: t(`case.status.${s}`) })),
      },
      {
        name: 'country_id',
        label: t('taxonomy.country'),
        kind: 'select',
        options: countryOptions,
        optional: true,
      },
      {
        name: 'portrait_id',
        label: t('taxonomy.portrait'),
        kind: 'select',
        options: imageOptions,
        optional: true,
      },
      { name: 'featured', label: t('taxonomy.featured'), kind: 'checkbox' },
    ],
    unique: [{ field: 'slug', taken: () => t('taxonomy.slugTaken') }],
    derive: (v, now, isNew) => ({
      story_html: renderMarkdown(String(v.story_md ?? '')),
      updated_at: now,
      ...(isNew ? { created_at: now } : {}),
    }),
    keysOf: (row) => [keys.case(Number(row.id)), keys.taxonomy()],
    publicHref: (row) => paths.case(String(row.slug)),
    renamedKind: 'case',
  },
  {
    table: 'countries',
    path: 'countries',
    audit: { created: 'audit.country.created', edited: 'audit.country.edited' },
    title: () => t('nav.countries'),
    singular: () => t('taxonomy.country'),
    permission: 'taxonomy.manage',
    fields: [
      { name: 'name', label: t('users.name'), kind: 'text', required: true, max: 200 },
      slugField(),
      {
        name: 'code',
        label: t('taxonomy.code'),
        kind: 'text',
        required: true,
        pattern: /^[A-Z]{2}$/,
        patternHint: t('taxonomy.codeHint'),
        max: 2,
      },
      { name: 'region_id', label: t('taxonomy.region'), kind: 'select', options: regionOptions },
      { name: 'featured', label: t('taxonomy.featured'), kind: 'checkbox' },
    ],
    unique: [
      { field: 'code', taken: () => t('taxonomy.codeTaken') },
      { field: 'slug', taken: () => t('taxonomy.slugTaken') },
    ],
    keysOf: (row) => [keys.country(String(row.code)), keys.taxonomy(), keys.latest()],
    publicHref: (row) => paths.country(String(row.slug)),
    localKind: 'country',
    renamedKind: 'country',
  },
  {
    table: 'regions',
    path: 'regions',
    audit: { created: 'audit.region.created', edited: 'audit.region.edited' },
    title: () => t('nav.regions'),
    singular: () => t('taxonomy.region'),
    permission: 'taxonomy.manage',
    fields: [{ name: 'name', label: t('users.name'), kind: 'text', required: true, max: 200 }, slugField()],
    unique: [{ field: 'slug', taken: () => t('taxonomy.slugTaken') }],
    keysOf: (row) => [keys.region(Number(row.id)), keys.taxonomy()],
    publicHref: (row) => paths.region(String(row.slug)),
    localKind: 'region',
    renamedKind: 'region',
  },
  {
    table: 'topics',
    path: 'topics',
    audit: { created: 'audit.topic.created', edited: 'audit.topic.edited' },
    title: () => t('nav.topics'),
    singular: () => t('taxonomy.topic'),
    permission: 'taxonomy.manage',
    fields: [
      { name: 'name', label: t('users.name'), kind: 'text', required: true, max: 200 },
      slugField(),
      { name: 'description', label: t('taxonomy.description'), kind: 'textarea', max: 1000, rows: 3 },
    ],
    unique: [{ field: 'slug', taken: () => t('taxonomy.slugTaken') }],
    keysOf: (row) => [keys.topic(Number(row.id)), keys.taxonomy()],
    publicHref: (row) => paths.topic(String(row.slug)),
    localKind: 'topic',
    renamedKind: 'topic',
  },
];

/** The zod schema of a kind's form, made from its field specs: every text check in one place. */
function schemaOf(kind: Kind) {
  const shape: Record<string, z.ZodType<string, string>> = {};
  for (const f of kind.fields) {
    if (f.kind === 'text') {
      const pattern = f.pattern;
      let text = z.string().trim();
      if (f.required) text = text.min(1, t('taxonomy.required', { field: f.label }));
      text = text.max(f.max);
      shape[f.name] = pattern
        ? text.refine(
            (v) => v === '' || pattern.test(v),
            f.patternHint ?? t('taxonomy.invalid', { field: f.label }),
          )
        : text;
    } else if (f.kind === 'textarea') {
      shape[f.name] = z.string().max(f.max);
    } else {
      // Selects are checked against their options below; a checkbox is on when sent at all.
      shape[f.name] = z.string();
    }
  }
  return z.object(shape);
}

const schemas = new Map<Kind, ReturnType<typeof schemaOf>>();

/**
 * Reads and checks a submitted form against the field specs (readForm: line ends counted as the
 * browser counts them, a repeated field's first value); values come back even when invalid.
 */
function readKindForm(kind: Kind, body: unknown) {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = schemaOf(kind);
    schemas.set(kind, schema);
  }
  const read = readForm(schema, body, {
    labels: Object.fromEntries(kind.fields.map((f) => [f.name, f.label])),
  });
  const typed: Record<string, string> = {};
  for (const [name, value] of Object.entries(read.fields))
    typed[name] = typeof value === 'string' ? value : '';
  return { read, typed };
}

/** The values to store, once the selects are checked against their options in the database. */
async function checkedValues(kind: Kind, form: ReturnType<typeof readKindForm>, db: Db) {
  const { read, typed } = form;
  const errors: FieldErrors = { ...read.errors };
  const values: Row = {};
  for (const f of kind.fields) {
    // Checked (trimmed) when the whole form passed; as sent otherwise, when only selects matter.
    const input = read.data?.[f.name] ?? typed[f.name] ?? '';
    switch (f.kind) {
      case 'text':
      case 'textarea':
        values[f.name] = input;
        break;
      case 'select': {
        if (errors[f.name]) break;
        const options = await f.options(db);
        if (input === '' && f.optional) values[f.name] = null;
        else if (!options.some((o) => o.value === input))
          errors[f.name] = t('taxonomy.invalid', { field: f.label });
        else values[f.name] = /^\d+$/.test(input) ? Number(input) : input;
        break;
      }
      case 'checkbox':
        values[f.name] = input ? 1 : 0;
        break;
    }
  }
  return { values, errors };
}

/** The form's fields for a row's name and address word in each other language. */
const localFields = (language: string) => ({
  name: `name_${language}`,
  slug: `slug_${language}`,
  nameLabel: t('taxonomyNames.name', { language: languageName(language) }),
  slugLabel: t('taxonomyNames.slug', { language: languageName(language) }),
});

type LocalNames = Map<string, LocalName | null>;

/**
 * Reads the names in other languages from a submitted form: an empty name means none in that
 * language (its row goes); a name needs an address word of the English one's pattern.
 */
function readLocalNames(kind: Kind, body: unknown) {
  const typed: Record<string, string> = {};
  const errors: FieldErrors = {};
  const values: LocalNames = new Map();
  if (!kind.localKind) return { typed, errors, values };
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const first = (v: unknown): string => (Array.isArray(v) ? first(v[0]) : typeof v === 'string' ? v : '');
  for (const language of LOCAL_NAME_LANGUAGES) {
    const f = localFields(language);
    const name = first(form[f.name]).trim();
    const slug = first(form[f.slug]).trim();
    typed[f.name] = first(form[f.name]);
    typed[f.slug] = first(form[f.slug]);
    if (name.length > 200) errors[f.name] = t('taxonomy.tooLong', { field: f.nameLabel, max: 200 });
    if (slug.length > 120) errors[f.slug] = t('taxonomy.tooLong', { field: f.slugLabel, max: 120 });
    else if (name === '' && slug !== '') errors[f.name] = t('taxonomyNames.nameForSlug');
    else if (name !== '' && slug === '') errors[f.slug] = t('taxonomy.required', { field: f.slugLabel });
    else if (slug !== '' && !SLUG.test(slug)) errors[f.slug] = t('taxonomy.slugHint');
    values.set(language, name === '' ? null : { name, slug });
  }
  return { typed, errors, values };
}

function formPage(
  site: Site,
  staff: Staff,
  kind: Kind,
  view: {
    row: Row | null;
    typed: Record<string, string>;
    errors: FieldErrors;
    /** Said above the form when it comes back unsaved for a reason not at any field. */
    alert?: string;
    csrf: string;
    options: Record<string, Array<{ value: string; label: string }>>;
  },
) {
  const title = view.row
    ? t('taxonomy.edit', { name: String(view.row.name) })
    : t('taxonomy.new', { kind: kind.singular() });
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/admin/${kind.path}`}>{kind.title()}</a>
        {view.row ? (
          <>
            {' · '}
            <a href={kind.publicHref(view.row)}>{t('editor.viewLive')}</a>
          </>
        ) : null}
      </p>
      {view.alert ? (
        <p class="notice notice--warning" role="alert">
          {view.alert}
        </p>
      ) : null}
      <ErrorSummary title={t('admin.errors')} errors={view.errors} />
      <form
        method="post"
        action={view.row ? `/admin/${kind.path}/${view.row.id}` : `/admin/${kind.path}/new`}
        class="form"
      >
        <CsrfField token={view.csrf} />
        {kind.fields.map((f) => {
          const value = view.typed[f.name] ?? '';
          switch (f.kind) {
            case 'text':
              return (
                <Field
                  key={f.name}
                  name={f.name}
                  label={f.label}
                  hint={f.patternHint}
                  error={view.errors[f.name]}
                >
                  {(a) => <input value={value} maxLength={f.max} required={f.required} {...a} />}
                </Field>
              );
            case 'textarea':
              return (
                <Field key={f.name} name={f.name} label={f.label} hint={f.hint} error={view.errors[f.name]}>
                  {(a) => <textarea rows={f.rows} value={value} {...a} />}
                </Field>
              );
            case 'select':
              return (
                <SelectField
                  key={f.name}
                  name={f.name}
                  label={f.label}
                  error={view.errors[f.name]}
                  none={f.optional ? t('taxonomy.none') : undefined}
                  choices={view.options[f.name] ?? []}
                  selected={value}
                />
              );
            case 'checkbox':
              return (
                <div key={f.name} class="field">
                  <label>
                    <input type="checkbox" name={f.name} value="1" checked={value === '1'} /> {f.label}
                  </label>
                </div>
              );
            default:
              return null;
          }
        })}
        {kind.localKind
          ? LOCAL_NAME_LANGUAGES.map((language) => {
              const f = localFields(language);
              return (
                <fieldset key={language} class="fieldset">
                  <legend>{t('taxonomyNames.legend', { language: languageName(language) })}</legend>
                  <Field
                    name={f.name}
                    label={f.nameLabel}
                    hint={t('taxonomyNames.nameHint')}
                    error={view.errors[f.name]}
                  >
                    {(a) => <input value={view.typed[f.name] ?? ''} maxLength={200} lang={language} {...a} />}
                  </Field>
                  <Field
                    name={f.slug}
                    label={f.slugLabel}
                    hint={t('taxonomyNames.slugHint')}
                    error={view.errors[f.slug]}
                  >
                    {(a) => <input value={view.typed[f.slug] ?? ''} maxLength={120} {...a} />}
                  </Field>
                </fieldset>
              );
            })
          : null}
        <button type="submit">{t('taxonomy.save')}</button>
      </form>
    </AdminLayout>,
  );
}

const asTyped = (row: Row | null): Record<string, string> =>
  Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));

/** A save's address words, refused inside its transaction (which it rolls back). */
class WordsTaken extends Error {
  constructor(readonly errors: FieldErrors) {
    super('address words taken');
  }
}

export function taxonomyAdminRoutes(app: FastifyInstance, deps: Deps) {
  const { site, db } = deps;

  const optionsOf = async (kind: Kind) => {
    const out: Record<string, Array<{ value: string; label: string }>> = {};
    for (const f of kind.fields) if (f.kind === 'select') out[f.name] = await f.options(db);
    return out;
  };

  const load = async (kind: Kind, id: string): Promise<Row | null> => {
    if (!/^\d{1,9}$/.test(id)) return null;
    // biome-ignore lint/suspicious/noExplicitAny: the table is one of four chosen above; rows are read as plain records
    const row = await (db as any)
      .selectFrom(kind.table)
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirst();
    return (row as Row | undefined) ?? null;
  };

  /** The form again, as typed, with the errors at their fields or a message above it. */
  const reShow = async (
    kind: Kind,
    request: FastifyRequest,
    reply: FastifyReply,
    existing: Row | null,
    form: { typed: Record<string, string>; errors: FieldErrors; alert?: string },
    status: number,
  ) => {
    const staff = request.staff as Staff;
    const csrf = formToken(request);
    let options: Awaited<ReturnType<typeof optionsOf>>;
    try {
      options = await optionsOf(kind);
    } catch (err) {
      // The database answers no reads either: the text as a form that sends it again.
      if (!cannotWrite(err)) throw err;
      return sendAdminHtml(
        reply,
        unsavedPage(site, staff, { action: request.url, fields: form.typed, csrf }),
        503,
      );
    }
    const html = formPage(site, staff, kind, { row: existing, ...form, csrf, options });
    return sendAdminHtml(reply, html, status);
  };

  /** Whether another row already holds a unique field's value, checked before writing. */
  const taken = async (kind: Kind, values: Row, errors: FieldErrors, existing: Row | null) => {
    for (const { field, taken: message } of kind.unique) {
      if (errors[field] || values[field] === '' || values[field] === null) continue;
      // biome-ignore lint/suspicious/noExplicitAny: see load()
      const clash = await (db as any)
        .selectFrom(kind.table)
        .select('id')
        .where(field, '=', values[field])
        .executeTakeFirst();
      if (clash && Number(clash.id) !== Number(existing?.id)) errors[field] = message();
    }
  };

  /**
   * Whether another row of the kind already answers at an address word. A word in another
   * language must be no other row's word in that language, nor another row's English slug (the
   * English word under /fr/ leads to that row's page: the two would shadow each other); the
   * English slug must be no other row's word in another language, for the same reason.
   */
  const localTaken = async (
    kind: Kind,
    values: Row,
    names: LocalNames,
    errors: FieldErrors,
    existing: Row | null,
    db: Db = deps.db,
  ) => {
    const localKind = kind.localKind;
    if (!localKind) return;
    const ownId = existing ? Number(existing.id) : null;
    for (const [language, value] of names) {
      const field = localFields(language).slug;
      if (!value || errors[field]) continue;
      if (await localSlugTaken(db, localKind, language, value.slug, ownId)) {
        errors[field] = t('taxonomyNames.slugTaken', { language: languageName(language) });
        continue;
      }
      // biome-ignore lint/suspicious/noExplicitAny: see load()
      const english = (await (db as any)
        .selectFrom(kind.table)
        .select(['id', 'name'])
        .where('slug', '=', value.slug)
        .executeTakeFirst()) as { id: number; name: string } | undefined;
      if (english && Number(english.id) !== ownId)
        errors[field] = t('taxonomyNames.slugIsEnglish', {
          language: languageName(language),
          name: english.name,
        });
    }
    const slug = values.slug;
    if (typeof slug !== 'string' || slug === '' || errors.slug) return;
    const local = await db
      .selectFrom('taxonomy_names')
      .select(['target_id', 'language', 'name'])
      .where('kind', '=', localKind)
      .where('slug', '=', slug)
      .execute();
    const other = local.find((n) => n.target_id !== ownId);
    if (other)
      errors.slug = t('taxonomyNames.slugIsLocal', {
        language: languageName(other.language),
        name: other.name,
      });
  };

  const save = async (kind: Kind, request: FastifyRequest, reply: FastifyReply, existing: Row | null) => {
    const staff = request.staff as Staff;
    const form = readKindForm(kind, request.body);
    const local = readLocalNames(kind, request.body);
    const typed = { ...form.typed, ...local.typed };
    try {
      const { values, errors: own } = await checkedValues(kind, form, db);
      const errors = { ...own, ...local.errors };
      await taken(kind, values, errors, existing);
      await localTaken(kind, values, local.values, errors, existing);
      if (Object.keys(errors).length > 0)
        return reShow(kind, request, reply, existing, { typed, errors }, 400);
      const id = await write(kind, staff, request.ip, values, local.values, existing);
      return reply.redirect(`/admin/${kind.path}/${id}`, 303);
    } catch (err) {
      // Another save took the value between the check and the write: say so at its field.
      if (err instanceof WordsTaken)
        return reShow(kind, request, reply, existing, { typed, errors: err.errors }, 400);
      const clash = uniqueViolation(err);
      const field = kind.unique.find((u) => clash?.table === kind.table && u.field === clash.column);
      if (field) {
        const errors = { [field.field]: field.taken() };
        return reShow(kind, request, reply, existing, { typed, errors }, 400);
      }
      const language = [...local.values].find(([, v]) => v !== null)?.[0];
      if (clash?.table === 'taxonomy_names' && language) {
        const errors = {
          [localFields(language).slug]: t('taxonomyNames.slugTaken', { language: languageName(language) }),
        };
        return reShow(kind, request, reply, existing, { typed, errors }, 400);
      }
      if (cannotWrite(err)) {
        return reShow(
          kind,
          request,
          reply,
          existing,
          { typed, errors: {}, alert: t('form.cannotSave') },
          503,
        );
      }
      throw err;
    }
  };

  /** The row, its audit entry and its purges in one transaction; returns the row's id. */
  const write = async (
    kind: Kind,
    staff: Staff,
    ip: string,
    values: Row,
    names: LocalNames,
    existing: Row | null,
  ) => {
    const now = deps.now();
    const at = now.toISOString();
    const record = { ...values, ...(kind.derive?.(values, at, !existing) ?? {}) };
    const actor: Actor = actorOf(staff, ip);
    let purged: string[] = [];
    const id = await inTransaction(db, async (trx) => {
      // The words were checked before; checked again here, where no other save of the kind can
      // slip a clashing word in between (the check before only spares the form a wasted write).
      if (kind.localKind) {
        await serializeTransactions(trx, `address-words:${kind.localKind}`);
        const errors: FieldErrors = {};
        await localTaken(kind, values, names, errors, existing, trx);
        if (Object.keys(errors).length > 0) throw new WordsTaken(errors);
      }
      // biome-ignore lint/suspicious/noExplicitAny: see load()
      const anyTrx = trx as any;
      let rowId: number;
      if (existing) {
        await anyTrx.updateTable(kind.table).set(record).where('id', '=', existing.id).execute();
        rowId = Number(existing.id);
      } else {
        rowId = Number(
          (await anyTrx.insertInto(kind.table).values(record).returning('id').executeTakeFirstOrThrow()).id,
        );
      }
      const after = { ...record, id: rowId };
      // An old address word keeps answering (301) at the new one; a new word is no one's old one.
      await recordRename(
        trx,
        kind.renamedKind,
        'en',
        rowId,
        { from: existing ? String(existing.slug) : null, to: String(record.slug) },
        at,
      );
      // The names in other languages go in the same entry, before and after, as the row's own.
      let namesBefore: Record<string, LocalName> | undefined;
      let namesAfter: Record<string, LocalName> | undefined;
      if (kind.localKind) {
        namesBefore = Object.fromEntries(await localNamesOf(trx, kind.localKind, rowId));
        for (const [language, value] of names)
          await setLocalName(trx, kind.localKind, rowId, language, value);
        namesAfter = Object.fromEntries(await localNamesOf(trx, kind.localKind, rowId));
        // A word removed with its name moves to the English one (the page in that language then
        // lives under the English word).
        for (const language of names.keys())
          await recordRename(
            trx,
            kind.localKind,
            language,
            rowId,
            { from: namesBefore[language]?.slug ?? null, to: namesAfter[language]?.slug ?? null },
            at,
          );
      }
      await recordAudit(
        trx,
        actor,
        {
          action: `${kind.table}.${existing ? 'update' : 'create'}`,
          entityType: kind.table,
          entityId: rowId,
          message: {
            key: existing ? kind.audit.edited : kind.audit.created,
            params: { name: String(values.name) },
          },
          before: existing ? { ...existing, ...(namesBefore ? { names: namesBefore } : {}) } : undefined,
          after: { ...after, ...(namesAfter ? { names: namesAfter } : {}) },
        },
        now,
      );
      purged = [...new Set([...(existing ? kind.keysOf(existing) : []), ...kind.keysOf(after)])];
      await recordPurge(trx, purged, now);
      return rowId;
    });
    deps.cache.purge(purged);
    return id;
  };

  for (const kind of KINDS) {
    app.get(`/admin/${kind.path}`, { config: { permission: kind.permission } }, async (request, reply) => {
      // biome-ignore lint/suspicious/noExplicitAny: see load()
      const rows = (await (db as any).selectFrom(kind.table).selectAll().orderBy('name').execute()) as Row[];
      return sendAdminHtml(
        reply,
        renderDocument(
          <AdminLayout site={site} staff={request.staff} title={kind.title()} current={`/admin/${kind.path}`}>
            <h1>{kind.title()}</h1>
            <p>
              <a class="button" href={`/admin/${kind.path}/new`}>
                {t('taxonomy.new', { kind: kind.singular() })}
              </a>
            </p>
            <ul class="admin-list">
              {rows.map((r) => (
                <li key={String(r.id)}>
                  <a href={`/admin/${kind.path}/${r.id}`}>{String(r.name)}</a>
                </li>
              ))}
            </ul>
          </AdminLayout>,
        ),
      );
    });

    app.get(`/admin/${kind.path}/new`, { config: { permission: kind.permission } }, async (request, reply) =>
      sendAdminHtml(
        reply,
        formPage(site, request.staff as Staff, kind, {
          row: null,
          typed: {},
          errors: {},
          csrf: formToken(request),
          options: await optionsOf(kind),
        }),
      ),
    );

    app.post(`/admin/${kind.path}/new`, { config: { permission: kind.permission } }, async (request, reply) =>
      save(kind, request, reply, null),
    );

    app.get<{ Params: { id: string } }>(
      `/admin/${kind.path}/:id`,
      { config: { permission: kind.permission } },
      async (request, reply) => {
        const row = await load(kind, request.params.id);
        if (!row) return reply.callNotFound();
        const typed = asTyped(row);
        if (kind.localKind)
          for (const [language, value] of await localNamesOf(db, kind.localKind, Number(row.id))) {
            const f = localFields(language);
            typed[f.name] = value.name;
            typed[f.slug] = value.slug;
          }
        return sendAdminHtml(
          reply,
          formPage(site, request.staff as Staff, kind, {
            row,
            typed,
            errors: {},
            csrf: formToken(request),
            options: await optionsOf(kind),
          }),
        );
      },
    );

    app.post<{ Params: { id: string } }>(
      `/admin/${kind.path}/:id`,
      { config: { permission: kind.permission } },
      async (request, reply) => {
        let row: Row | null;
        try {
          row = await load(kind, request.params.id);
        } catch (err) {
          // Not even the row could be read: keep what was typed rather than answer a bare 500.
          if (!cannotWrite(err)) throw err;
          const fields = {
            ...readKindForm(kind, request.body).typed,
            ...readLocalNames(kind, request.body).typed,
          };
          const html = unsavedPage(site, request.staff as Staff, {
            action: request.url,
            fields,
            csrf: formToken(request),
          });
          return sendAdminHtml(reply, html, 503);
        }
        if (!row) return reply.callNotFound();
        return save(kind, request, reply, row);
      },
    );
  }
}
