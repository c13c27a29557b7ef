import type { ComponentChildren } from 'preact';
import { currentLanguage, inReadersLanguage, t } from '../../platform/i18n/index.js';
import {
  EmailField,
  ErrorSummary,
  Field,
  type FieldErrors,
  ProofOfWorkField,
  SelectField,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import { Layout } from '../../platform/views/layout.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Follow, FollowTarget, TargetKind, Wording } from '../rules.js';
import { followValue, LANGUAGES, TARGET_KINDS } from '../rules.js';

const FREQUENCIES = ['each', 'daily', 'weekly'] as const;

export interface SubscribeView {
  /** The values to show: a fresh form's defaults, or what was sent (nothing typed is lost). */
  fields: SubmittedFields;
  errors: FieldErrors;
  targets: readonly FollowTarget[];
  wording: Wording;
  /** Said at the top for a refusal that belongs to no field (too many sign-ups). */
  alert?: string;
  /** The proof-of-work widget's files (platform/http/assets.ts); none on a manage page. */
  proofOfWork?: { script: string; css: string };
  /** The same form as a subscriber's own page (the preference centre): no address to type. */
  manage?: {
    email: string;
    saved?: boolean;
    /** Where the form posts: the signed link that opened the page. */
    action: string;
    /** The sentence under the title. */
    intro: string;
    /** What follows the form on the subscriber's own page (their data: download, erase). */
    after?: preact.ComponentChildren;
  };
}

/** The values of a form nobody has filled in yet, with the follows its link asked for. */
export function freshFields(prefill: readonly Follow[], sourcePage: string): SubmittedFields {
  return {
    email: '',
    name: '',
    // Mail in the language of the page the form is on, unless the person chooses another.
    language: currentLanguage(),
    frequency: 'each',
    follow: prefill.map(followValue),
    source_page: sourcePage,
    source_form: 'subscribe-page',
  };
}

const text = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};

export function subscribePage(site: Site, view: SubscribeView): string {
  const { fields, errors, targets, wording, manage } = view;
  const followed = new Set(Array.isArray(fields.follow) ? fields.follow : []);
  const title = manage ? t('subscribe.manage.title') : t('subscribe.title');
  const pow = manage ? undefined : view.proofOfWork;
  const head = pow ? (
    <>
      <link rel="stylesheet" href={pow.css} />
      <script type="module" src={pow.script} />
    </>
  ) : undefined;
  const meta = manage ? { title, noindex: true } : { title, canonical: '/subscribe', head };
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page page--narrow">
        <div class="page-header">
          <h1>{title}</h1>
          <p>{manage ? manage.intro : t('subscribe.intro')}</p>
        </div>
        {view.alert ? (
          <p class="notice notice--warning" role="alert">
            {view.alert}
          </p>
        ) : null}
        {manage?.saved ? (
          <p class="notice" role="status">
            {t('subscribe.manage.saved')}
          </p>
        ) : null}
        <ErrorSummary errors={errors} title={t('subscribe.errors')} />
        <form
          class="form subscribe-form"
          method="post"
          action={manage ? manage.action : '/subscribe'}
          novalidate
        >
          <input type="hidden" name="wording" value={wording.hash} />
          {manage ? null : (
            <>
              <input type="hidden" name="source_page" value={text(fields, 'source_page')} />
              <input type="hidden" name="source_form" value={text(fields, 'source_form')} />
              <EmailField label={t('subscribe.email')} error={errors.email} value={text(fields, 'email')} />
            </>
          )}
          <Field name="name" label={t('subscribe.name')} hint={t('subscribe.nameHint')} error={errors.name}>
            {(attrs) => (
              <input
                type="text"
                autocomplete="name"
                maxLength={100}
                value={text(fields, 'name')}
                {...attrs}
              />
            )}
          </Field>
          <LanguageField label={t('subscribe.language')} fields={fields} errors={errors} />
          <Choice
            name="frequency"
            legend={t('subscribe.frequency')}
            error={errors.frequency}
            options={FREQUENCIES.map((f) => ({ value: f, label: t(`subscribe.frequency.${f}`) }))}
            checked={(v) => text(fields, 'frequency') === v}
            type="radio"
          />
          <FollowFieldset
            id="field-follow"
            legend={t('subscribe.follow')}
            hint={t('subscribe.followHint')}
            everything={t('subscribe.everything')}
            error={errors.follow}
            followed={followed}
          >
            {TARGET_KINDS.map((kind) => (
              <TargetGroup key={kind} kind={kind} targets={targets} followed={followed} />
            ))}
          </FollowFieldset>
          {manage ? (
            <>
              <p id="field-consent">
                {errors.wording ? <strong class="field__error">{errors.wording} </strong> : null}
                {t('subscribe.manage.consent')} <q>{wording.text}</q>
              </p>
              <button type="submit">{t('subscribe.manage.submit')}</button>
            </>
          ) : (
            <ConsentAndSubmit
              wording={wording}
              errors={errors}
              proof={Boolean(pow)}
              legend={t('subscribe.consentLegend')}
              submit={t('subscribe.submit')}
            />
          )}
        </form>
        {manage?.after}
      </div>
    </Layout>,
  );
}

/** The language a person is written to in, among the site's (the sign-up and the network's forms). */
export function LanguageField(props: { label: string; fields: SubmittedFields; errors: FieldErrors }) {
  return (
    <SelectField
      name="language"
      label={props.label}
      error={props.errors.language}
      choices={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
      selected={text(props.fields, 'language')}
    />
  );
}

/** The consent box with its exact wording, the proof of work when asked, and the button. */
export function ConsentAndSubmit(props: {
  wording: Wording;
  errors: FieldErrors;
  proof: boolean;
  legend: string;
  submit: string;
}) {
  const { wording, errors } = props;
  return (
    <>
      <fieldset class={`checkboxes${errors.consent ? ' field--error' : ''}`} id="field-consent">
        <legend>{props.legend}</legend>
        {errors.consent || errors.wording ? (
          <p class="field__error" id="field-consent-error">
            {errors.consent ?? errors.wording}
          </p>
        ) : null}
        {/* Never ticked in advance, not even after a refusal: consent is given by the person, each time. */}
        <label>
          <input
            type="checkbox"
            name="consent"
            value="yes"
            required
            aria-describedby={errors.consent || errors.wording ? 'field-consent-error' : undefined}
          />{' '}
          <span>{wording.text}</span>
        </label>
      </fieldset>
      {props.proof ? <ProofOfWorkField error={errors.altcha} /> : null}
      <button type="submit">{props.submit}</button>
    </>
  );
}

/**
 * What a person follows (the sign-up's and the network's forms): everything, or the groups of
 * targets given as children, under one legend, hint and error.
 */
export function FollowFieldset(props: {
  id: string;
  legend: string;
  hint: string;
  everything: string;
  error?: string;
  followed: ReadonlySet<string>;
  children: ComponentChildren;
}) {
  const { id, error } = props;
  return (
    <fieldset
      class={`checkboxes${error ? ' field--error' : ''}`}
      id={id}
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
    >
      <legend>{props.legend}</legend>
      <p class="field__hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {error ? (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <ul>
        <li>
          <label>
            <input
              type="checkbox"
              name="follow"
              value="everything"
              checked={props.followed.has('everything')}
            />{' '}
            {props.everything}
          </label>
        </li>
      </ul>
      {props.children}
    </fieldset>
  );
}

function TargetGroup(props: { kind: TargetKind; targets: readonly FollowTarget[]; followed: Set<string> }) {
  const targets = props.targets.filter((x) => x.kind === props.kind);
  if (targets.length === 0) return null;
  return (
    <fieldset class="checkboxes">
      <legend>{t(`subscribe.kind.${props.kind}`)}</legend>
      <ul>
        {targets.map((x) => {
          const value = followValue({ kind: x.kind, targetId: x.id });
          return (
            <li key={value}>
              <label>
                <input type="checkbox" name="follow" value={value} checked={props.followed.has(value)} />{' '}
                {x.lang ? <span lang={x.lang}>{x.name}</span> : x.name}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function Choice(props: {
  name: string;
  legend: string;
  error?: string;
  options: Array<{ value: string; label: string }>;
  checked: (value: string) => boolean;
  type: 'radio';
}) {
  const id = `field-${props.name}`;
  return (
    <fieldset
      class={`checkboxes${props.error ? ' field--error' : ''}`}
      id={id}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      {props.error ? (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <ul>
        {props.options.map((o) => (
          <li key={o.value}>
            <label>
              <input type={props.type} name={props.name} value={o.value} checked={props.checked(o.value)} />{' '}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The one message in the page's main area: the answers after the form, and the link pages. */
export function Message(props: { site: Site; title: string; children: preact.ComponentChildren }) {
  return renderDocument(
    <Layout site={props.site} meta={{ title: props.title, noindex: true }}>
      <div class="page page--narrow">
        <div class="page-header">
          <h1>{props.title}</h1>
        </div>
        {props.children}
      </div>
    </Layout>,
  );
}

/** The same answer whatever the address's state: nobody learns from it who is subscribed. */
export function sentPage(site: Site, email: string): string {
  return Message({
    site,
    title: t('subscribe.sent.title'),
    children: <p>{t('subscribe.sent.body', { email })}</p>,
  });
}

export function foreignPage(site: Site): string {
  return Message({
    site,
    title: t('subscribe.foreign.title'),
    children: (
      <p>
        {t('subscribe.foreign.body')} <a href={inReadersLanguage('/subscribe')}>{t('subscribe.title')}</a>
      </p>
    ),
  });
}

export function confirmPage(site: Site, email: string, token: string): string {
  return Message({
    site,
    title: t('subscribe.confirm.title'),
    children: (
      <form method="post" action={inReadersLanguage(`/subscribe/confirm/${token}`)}>
        <p>{t('subscribe.confirm.body', { email })}</p>
        <button type="submit">{t('subscribe.confirm.submit')}</button>
      </form>
    ),
  });
}

export function confirmedPage(site: Site, email: string): string {
  return Message({
    site,
    title: t('subscribe.confirmed.title'),
    children: <p>{t('subscribe.confirmed.body', { email })}</p>,
  });
}

export function badLinkPage(site: Site, reason: 'unknown' | 'expired' | 'used'): string {
  return Message({
    site,
    title: t('subscribe.badLink.title'),
    children: (
      <>
        <p>{t(`subscribe.badLink.${reason}`)}</p>
        <p>
          <a href={inReadersLanguage('/subscribe')}>{t('subscribe.badLink.fresh')}</a>
        </p>
      </>
    ),
  });
}
