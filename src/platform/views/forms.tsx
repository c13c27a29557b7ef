import { type ComponentChildren, h } from 'preact';
import type { z } from 'zod';
import { t } from '../i18n/index.js';

export type FieldErrors = Partial<Record<string, string>>;

/** The errors of a form at its top, each linking to its field, announced when the page loads. */
export function ErrorSummary(props: { errors: FieldErrors; title: string }) {
  const entries = Object.entries(props.errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.title}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#field-${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  /** The field's id (`field-<name>`), and the control's name unless `inputName` says another. */
  name: string;
  /** The control's name where the id must differ (two forms of one page ask for the same thing). */
  inputName?: string;
  label: string;
  hint?: string;
  error?: string;
  children: (attrs: {
    id: string;
    name: string;
    'aria-describedby'?: string;
    'aria-invalid'?: 'true';
  }) => ComponentChildren;
}

/**
 * A label, an optional hint and error, and the control, wired together for screen readers.
 * Spread `attrs` last and add nothing after it (`<input type="email" {...attrs} />`; a select is
 * SelectField, a textarea's content goes in as `value`): in Node 20's V8 an object literal that adds
 * properties after a spread takes a slow path, about 2 µs and a few hundred bytes promoted to the
 * old generation each (platform/extend.ts). On an urgent action's page, with its forms, that was
 * most of the memory growth under load (docs/benchmarks.md).
 */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children({
        id,
        name: props.inputName ?? props.name,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/** One option of a select: its submitted value and what the reader sees. */
export interface Choice {
  value: string;
  label: ComponentChildren;
}

/**
 * A select in a Field: `choices` in order, the one whose value is `selected` marked so, after an
 * empty first option labelled `none` when one is given (never marked: the browser shows it when
 * nothing else is). The options go in through `h()`, so that the control's attributes are spread
 * and nothing added after them (see Field).
 */
export function SelectField(
  props: Omit<FieldProps, 'children'> & { choices: readonly Choice[]; selected?: string; none?: string },
) {
  const { choices, selected, none } = props;
  return (
    <Field
      name={props.name}
      inputName={props.inputName}
      label={props.label}
      hint={props.hint}
      error={props.error}
    >
      {(a) =>
        h(
          'select',
          a,
          <>
            {none !== undefined ? <option value="">{none}</option> : null}
            {choices.map((c) => (
              <option key={c.value} value={c.value} selected={c.value === selected}>
                {c.label}
              </option>
            ))}
          </>,
        )
      }
    </Field>
  );
}

/** The hidden CSRF field every admin form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A submission's values as a page shows them again: one text per field, several for a list. */
export type SubmittedFields = Record<string, string | string[]>;

/** What readForm makes of a submission. */
export interface FormRead<T> {
  /** The checked values, or null when a field is wrong (then `errors` says which and why). */
  data: T | null;
  /** Every field the schema knows, as sent: what a re-shown form puts back, so nothing typed is lost. */
  fields: SubmittedFields;
  errors: FieldErrors;
  /**
   * The values with each wrong field read as if left empty, when the schema allows that: enough
   * to re-show a form whose other fields need their parsed form (ids, numbers).
   */
  withoutErrors: T | null;
}

const numbers = new Intl.NumberFormat('en');

/** A single value of a form body as text, or null for what no form sends (objects from a JSON body). */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Text as the person typed it, counted as their browser counted it: browsers send a textarea's line
 * ends as CRLF but count each as one character against `maxlength`, so a limit checked on the raw
 * text refuses what the form allowed. NUL is dropped: no one types it and PostgreSQL cannot store it.
 */
export function normaliseText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing NUL is the point
  return text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
}

type FormIssue = z.core.$ZodIssue;

/**
 * Reads a submitted form (urlencoded, or JSON from a script) against a zod object of its fields and
 * never throws for what was sent: a wrong field comes back as an error at that field with the text
 * kept. A field sent twice where one is expected counts as its first value (a browser never sends
 * that for these forms; taking one beats refusing the whole form). Fields named in `lists` (checkbox
 * groups) are always arrays. A field not sent reads as empty, as a browser sends an empty input.
 * Messages: too long and unreadable are worded here; every other check carries its own message.
 */
export function readForm<S extends z.ZodObject>(
  schema: S,
  body: unknown,
  options: { lists?: readonly string[]; labels?: Partial<Record<string, string>> } = {},
): FormRead<z.output<S>> {
  const raw: Record<string, unknown> =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const lists = new Set(options.lists ?? []);
  const label = (name: string) => options.labels?.[name] ?? name;
  const fields: SubmittedFields = {};
  const errors: FieldErrors = {};
  for (const name of Object.keys(schema.shape)) {
    const value = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (lists.has(name)) {
      const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
      fields[name] = items.flatMap((item) => {
        const text = scalarText(item);
        return text === null ? [] : [normaliseText(text)];
      });
      continue;
    }
    const first: unknown = Array.isArray(value) ? value[0] : value;
    const text = first === undefined ? '' : scalarText(first);
    if (text === null) errors[name] = t('form.invalid', { field: label(name) });
    fields[name] = normaliseText(text ?? '');
  }
  const message = (issue: FormIssue, name: string): string => {
    if (issue.code === 'too_big' && issue.origin === 'string') {
      const value = fields[name];
      return t('form.tooLong', {
        field: label(name),
        max: numbers.format(Number(issue.maximum)),
        length: numbers.format(typeof value === 'string' ? value.length : 0),
      });
    }
    if (issue.code === 'invalid_type') return t('form.invalid', { field: label(name) });
    return issue.message;
  };
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      errors[name] ??= message(issue, name);
    }
  }
  if (parsed.success && Object.keys(errors).length === 0) {
    return { data: parsed.data, fields, errors, withoutErrors: parsed.data };
  }
  const emptied: SubmittedFields = { ...fields };
  for (const name of Object.keys(errors)) emptied[name] = lists.has(name) ? [] : '';
  const rest = schema.safeParse(emptied);
  return { data: null, fields, errors, withoutErrors: rest.success ? rest.data : null };
}

/**
 * A submission as hidden fields, to be sent again by one button when the page that should have
 * shown the form could not be built (the database not answering even for reading).
 */
export function KeptFields(props: { fields: SubmittedFields }) {
  return (
    <>
      {Object.entries(props.fields).flatMap(([name, value]) =>
        (Array.isArray(value) ? value : [value]).map((v, i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={v} />
        )),
      )}
    </>
  );
}

/** The longest address SMTP carries (RFC 5321: a path of 256 octets, less its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * A person's email address. `field` names the field when one page has two forms that ask for it
 * (its id and error anchor); the value always goes as `email`.
 */
export function EmailField(props: { label: string; field?: string; error?: string; value?: string }) {
  return (
    <Field name={props.field ?? 'email'} inputName="email" label={props.label} error={props.error}>
      {(attrs) => (
        <input
          type="email"
          autocomplete="email"
          maxLength={EMAIL_MAX_LENGTH}
          value={props.value}
          required
          {...attrs}
        />
      )}
    </Field>
  );
}

/**
 * The altcha widget: with JavaScript, it fetches a challenge from this site, solves it in the
 * background as the page opens (no click) and adds its solution to the form as `altcha`; without,
 * the element stays empty and the form is sent without one (http/proof-of-work.ts). No footer link,
 * no logo, and no "human interaction signature" (it would record how the person moves: Candle
 * tracks nobody). `id` tells apart two forms of one page.
 */
export function ProofOfWorkField(props: { id?: string; error?: string }) {
  const id = props.id ?? 'field-altcha';
  const configuration = JSON.stringify({
    hideFooter: true,
    hideLogo: true,
    humanInteractionSignature: false,
  });
  return (
    <div class={`field proof-of-work${props.error ? ' field--error' : ''}`} id={id}>
      {props.error ? (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      {h('altcha-widget', {
        challenge: '/subscribe/challenge',
        auto: 'onload',
        name: 'altcha',
        language: 'en',
        configuration,
        'data-label': t('proof.label'),
        'data-verifying': t('proof.verifying'),
        'data-verified': t('proof.verified'),
        'data-error': t('proof.error'),
        'data-expired': t('proof.expired'),
      })}
    </div>
  );
}
