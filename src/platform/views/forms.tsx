import type { ComponentChildren } from 'preact';

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
  name: string;
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

/** A label, an optional hint and error, and the control, wired together for screen readers. */
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
        name: props.name,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

/** The hidden CSRF field every admin form carries. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
