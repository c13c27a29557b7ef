import { type ComponentChildren, Fragment, h } from 'preact';
import type { ActionChannel } from '../../platform/db/index.js';
import { formatDate, inReadersLanguage, languageName, t } from '../../platform/i18n/index.js';
import { Message } from '../../platform/views/components.js';
import {
  EmailField,
  Field,
  type FieldErrors,
  ProofOfWorkField,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import { Layout } from '../../platform/views/layout.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import {
  DETAILS,
  type DoneChannel,
  HONEYPOT,
  type LetterTemplate,
  LIMITS,
  type Wording,
} from '../taking/rules.js';
import { Official } from './official.js';

/*
 * The forms supporters act with, and the pages that answer them. The forms sit on the urgent
 * action's cached page, so they hold nothing of anyone: every answer comes from /actions/… routes
 * that are never cached.
 */

/** The altcha widget's files, served by Candle (platform/http/assets.ts). */
export interface ProofOfWorkAssets {
  script: string;
  css: string;
}

/** The widget's stylesheet and script: once on a page, before the forms that use it. */
export function ProofOfWorkFiles(props: { assets: ProofOfWorkAssets }) {
  return (
    <>
      <link rel="stylesheet" href={props.assets.css} />
      <script type="module" src={props.assets.script} />
    </>
  );
}

const text = (fields: SubmittedFields | undefined, name: string, fallback = '') => {
  const v = fields?.[name];
  return typeof v === 'string' ? v : fallback;
};

interface FormState {
  fields?: SubmittedFields;
  errors?: FieldErrors;
}

/** The form's errors at its top, each linking to its field (ids carry the form's prefix). */
function Problems(props: { errors: FieldErrors; prefix: string }) {
  const entries = Object.entries(props.errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby={`${props.prefix}-problems`}>
      <h2 id={`${props.prefix}-problems`}>{t('take.errors')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#field-${props.prefix}-${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Ids are prefixed per form: several forms share the urgent action's page. */
function PersonFields(props: FormState & { prefix: string; wording: Wording; place: boolean }) {
  const { prefix, fields, errors = {} } = props;
  const input = (
    name: 'name' | 'email' | 'city' | 'country',
    type: 'text' | 'email',
    autocomplete: string,
  ) => (
    <Field
      name={`${prefix}-${name}`}
      inputName={name}
      label={t(`take.${name}`)}
      error={errors[name]}
      hint={name === 'email' ? t('take.emailHint') : undefined}
    >
      {(attrs) => (
        <input
          // One of two types; preact's typing of `type` wants a literal.
          type={type as 'text'}
          value={text(fields, name)}
          maxLength={LIMITS[name]}
          autocomplete={autocomplete}
          required
          {...attrs}
        />
      )}
    </Field>
  );
  return (
    <>
      {input('name', 'text', 'name')}
      {input('email', 'email', 'email')}
      {props.place ? input('city', 'text', 'address-level2') : null}
      {props.place ? input('country', 'text', 'country-name') : null}
      <fieldset class={`checkboxes${errors.wording ? ' field--error' : ''}`} id={`field-${prefix}-wording`}>
        <legend>{t('take.keepInformedLegend')}</legend>
        {errors.wording ? <p class="field__error">{errors.wording}</p> : null}
        {/* Never ticked in advance, not even when the form comes back: the person chooses each time. */}
        <label>
          <input type="checkbox" name="keep_informed" value="yes" /> <span>{props.wording.text}</span>
        </label>
        <input type="hidden" name="wording" value={props.wording.hash} />
      </fieldset>
      {/* Robots fill every field; people never see this one (nor reach it with the keyboard). */}
      <div class="visually-hidden">
        <label for={`${prefix}-${HONEYPOT}`}>{t('take.honeypot')}</label>
        <input
          id={`${prefix}-${HONEYPOT}`}
          type="text"
          name={HONEYPOT}
          value=""
          tabIndex={-1}
          autocomplete="off"
        />
      </div>
      <input type="hidden" name="source_page" value={text(fields, 'source_page')} />
    </>
  );
}

export interface EmailFormProps extends FormState {
  articleId: number;
  letter: LetterTemplate;
  translation: LetterTemplate | null;
  /** Who the letter goes to, as the page names them ("Ing. Jaime Bonilla Valdez"), in their office's language. */
  officials: Array<{ name: string; language: string }>;
  siteName: string;
  wording: Wording;
  sourcePage: string;
  /** h3 within the urgent action's section; h2 on a page of its own. */
  heading?: 'h2' | 'h3';
}

/** The email channel: the sample letter (editable) with its translation beside it, and who signs it. */
export function EmailForm(props: EmailFormProps) {
  const { letter, translation, errors = {} } = props;
  const fields: SubmittedFields = {
    subject: letter.subject,
    body: letter.body,
    source_page: props.sourcePage,
    ...props.fields,
  };
  return (
    <section class="take-action take-action--email" aria-labelledby="take-email-heading">
      {h(props.heading ?? 'h3', { id: 'take-email-heading' }, t('take.email.heading'))}
      <p>
        <Message
          id="take.email.intro"
          params={{ site: props.siteName, officials: props.officials.map((o) => o.name).join(', ') }}
          nodes={{
            officials: props.officials.map((o, i) => (
              <Fragment key={i}>
                {i > 0 ? ', ' : ''}
                <Official target={o} />
              </Fragment>
            )),
          }}
        />
      </p>
      <Problems errors={errors} prefix="email" />
      <form
        method="post"
        action={inReadersLanguage(`/actions/${props.articleId}/email`)}
        class="form take-action__form"
        novalidate
      >
        <div class="take-action__letter">
          {/* The letter's own language on its fields only: their labels are in the page's. */}
          <div>
            <Field name="email-subject" inputName="subject" label={t('take.subject')} error={errors.subject}>
              {(attrs) => (
                <input
                  lang={letter.language}
                  type="text"
                  value={text(fields, 'subject')}
                  maxLength={LIMITS.subject}
                  required
                  {...attrs}
                />
              )}
            </Field>
            <Field
              name="email-body"
              inputName="body"
              label={t('take.letter.language', { language: languageName(letter.language) })}
              hint={t('take.letter.salutationNote')}
              error={errors.body}
            >
              {(attrs) => (
                <textarea
                  lang={letter.language}
                  rows={16}
                  maxLength={LIMITS.body}
                  required
                  value={text(fields, 'body')}
                  {...attrs}
                />
              )}
            </Field>
          </div>
          {translation ? (
            <details class="take-action__translation" open lang={translation.language}>
              <summary>
                {t('take.letter.translation', { language: languageName(translation.language) })}
              </summary>
              <p>
                <strong>{translation.subject}</strong>
              </p>
              <p class="ua__address">{translation.body}</p>
            </details>
          ) : null}
        </div>
        <PersonFields prefix="email" fields={fields} errors={errors} wording={props.wording} place={true} />
        <ProofOfWorkField id="field-email-altcha" error={errors.altcha} />
        <button type="submit">{t('take.sendLetter')}</button>
      </form>
    </section>
  );
}

export interface CountMeProps extends FormState {
  articleId: number;
  channel: DoneChannel;
  wording: Wording;
  sourcePage: string;
  /** What the channel asks besides (a call's outcome, a post's network); the default for the channel when absent. */
  detail?: ComponentChildren;
  submitLabel?: string;
}

/** A channel's choice of detail as radio buttons ("How did the call go?"), optional. */
export function DetailChoice(props: {
  channel: ActionChannel;
  prefix: string;
  checked?: string;
  error?: string;
}) {
  const options = DETAILS[props.channel];
  if (options.length === 0) return null;
  const legend = props.channel === 'call' ? t('take.detail.call') : t('take.detail.post');
  return (
    <fieldset class={`checkboxes${props.error ? ' field--error' : ''}`} id={`field-${props.prefix}-detail`}>
      <legend>{legend}</legend>
      {props.error ? <p class="field__error">{props.error}</p> : null}
      <ul>
        {['', ...options].map((o) => (
          <li key={o}>
            <label>
              <input type="radio" name="detail" value={o} checked={(props.checked ?? '') === o} />{' '}
              {o === '' ? t('take.detail.none') : t(`take.detail.${o as 'x'}`)}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/**
 * "I posted it", "I called": for the other channels to place under their content (helper B's
 * views). Name and email, keep-me-informed, the honeypot, the proof of work, the channel.
 */
export function CountMeForm(props: CountMeProps) {
  const errors = props.errors ?? {};
  const fields: SubmittedFields = { source_page: props.sourcePage, ...props.fields };
  const prefix = `done-${props.channel}`;
  return (
    <form
      method="post"
      action={inReadersLanguage(`/actions/${props.articleId}/done`)}
      class="form take-action__form take-action__count"
      novalidate
    >
      <Problems errors={errors} prefix={prefix} />
      <input type="hidden" name="channel" value={props.channel} />
      {props.detail ?? (
        <DetailChoice
          channel={props.channel}
          prefix={prefix}
          checked={text(fields, 'detail')}
          error={errors.detail}
        />
      )}
      <PersonFields prefix={prefix} fields={fields} errors={errors} wording={props.wording} place={false} />
      <ProofOfWorkField id={`field-${prefix}-altcha`} error={errors.altcha} />
      <button type="submit">{props.submitLabel ?? t('take.countMe')}</button>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Pages.

export function Page(props: {
  site: Site;
  title: string;
  head?: ComponentChildren;
  children: ComponentChildren;
}) {
  return renderDocument(
    <Layout site={props.site} meta={{ title: props.title, noindex: true, head: props.head }}>
      <div class="page page--narrow">
        <div class="page-header">
          <h1>{props.title}</h1>
        </div>
        {props.children}
      </div>
    </Layout>,
  );
}

const back = (path: string) => (
  <p>
    <a href={path}>{t('take.back')}</a>
  </p>
);

/** A form sent back with what was wrong, everything typed kept. */
export function formPage(
  site: Site,
  view: { title: string; path: string; alert?: string; assets: ProofOfWorkAssets },
  form: ComponentChildren,
): string {
  return Page({
    site,
    title: t('take.formTitle', { title: view.title }),
    head: <ProofOfWorkFiles assets={view.assets} />,
    children: (
      <>
        {view.alert ? (
          <div class="notice" role="alert">
            <p>{view.alert}</p>
          </div>
        ) : null}
        {form}
        {back(view.path)}
      </>
    ),
  });
}

/**
 * The same answer whether the action counted now, waits for a confirmation, or was a repeat, and
 * for every address: it names none, so it is one cached page per urgent action (thanks-route.ts).
 */
export function thanksPage(site: Site, view: { title: string; path: string }): string {
  return Page({
    site,
    title: t('take.thanks.title'),
    children: (
      <>
        <p>{t('take.thanks.body', { title: view.title })}</p>
        <p>{t('take.thanks.confirm')}</p>
        <FreshLinkForm intro={t('take.thanks.noMail')} />
        {back(view.path)}
      </>
    ),
  });
}

export function closedPage(site: Site, path: string): string {
  return Page({
    site,
    title: t('take.closed.title'),
    children: (
      <>
        <p>{t('take.closed.body')}</p>
        {back(path)}
      </>
    ),
  });
}

export function unknownPage(site: Site): string {
  return Page({ site, title: t('take.unknown.title'), children: <p>{t('take.unknown.body')}</p> });
}

export function foreignPage(site: Site): string {
  return Page({ site, title: t('take.foreign.title'), children: <p>{t('take.foreign.body')}</p> });
}

const CHANNEL_KEYS = {
  email: 'yourData.channel.email',
  letter: 'yourData.channel.letter',
  post: 'yourData.channel.post',
  call: 'yourData.channel.call',
} as const;

/** A channel's name for a supporter ("Email", "Letter"…). */
export function channelName(channel: string): string {
  return channel in CHANNEL_KEYS ? t(CHANNEL_KEYS[channel as keyof typeof CHANNEL_KEYS]) : channel;
}

/** A pending action as the confirmation page lists it. */
export interface ListedAction {
  id: number;
  title: string;
  channel: string;
  createdAt: string;
  letter: { subject: string; body: string } | null;
}

/**
 * The page behind the link: the address, and every action waiting on it, each ticked and with its
 * letter, so that its owner counts what they did and deletes what someone else sent in their name.
 */
export function confirmPage(
  site: Site,
  email: string,
  token: string,
  actions: readonly ListedAction[],
): string {
  return Page({
    site,
    title: t('take.confirm.title'),
    children: (
      <form method="post" action={inReadersLanguage(`/actions/confirm/${token}`)}>
        <p>{t('take.confirm.body', { email })}</p>
        {actions.length > 0 && (
          <fieldset class="ua__pending">
            <legend>{t('take.confirm.pendingLegend')}</legend>
            <p>{t('take.confirm.pendingIntro')}</p>
            {actions.map((a) => (
              <div key={a.id} class="ua__pending-action">
                <input type="hidden" name="listed" value={String(a.id)} />
                <input type="checkbox" id={`action-${a.id}`} name="action" value={String(a.id)} checked />
                <label for={`action-${a.id}`}>
                  {t('take.confirm.actionLabel', {
                    title: a.title,
                    channel: channelName(a.channel),
                    date: formatDate(a.createdAt),
                  })}
                </label>
                {a.letter && (
                  <details>
                    <summary>{t('take.confirm.letter')}</summary>
                    <p>
                      <strong>{a.letter.subject}</strong>
                    </p>
                    <pre class="ua__letter-text">{a.letter.body}</pre>
                  </details>
                )}
              </div>
            ))}
          </fieldset>
        )}
        <button type="submit">{t('take.confirm.submit')}</button>
      </form>
    ),
  });
}

export function confirmedPage(site: Site, email: string, deleted = 0): string {
  return Page({
    site,
    title: t('take.confirmed.title'),
    children: (
      <>
        <p>{t('take.confirmed.body', { email })}</p>
        {deleted > 0 && <p>{t('take.confirmed.deleted', { count: deleted })}</p>}
        <p>
          <a href={inReadersLanguage('/actions/your-data')}>{t('yourData.pointer')}</a>
        </p>
      </>
    ),
  });
}

/** Asks for a fresh confirmation link: the same answer for any address (public-routes.ts). */
function FreshLinkForm(props: { intro: string; error?: string }) {
  return (
    <form method="post" action={inReadersLanguage('/actions/link')}>
      <p>{props.intro}</p>
      <EmailField field="link-email" label={t('take.email')} error={props.error} />
      <button type="submit">{t('take.badLink.submit')}</button>
    </form>
  );
}

/** A forged, expired or used link: said plainly, with a form for a fresh one. */
export function badLinkPage(site: Site, reason: 'unknown' | 'expired' | 'used', error?: string): string {
  return Page({
    site,
    title: t('take.badLink.title'),
    children: (
      <>
        <p>{t(`take.badLink.${reason}`)}</p>
        <FreshLinkForm intro={t('take.badLink.fresh')} error={error} />
      </>
    ),
  });
}

export function freshSentPage(site: Site, email: string): string {
  return Page({
    site,
    title: t('take.freshSent.title'),
    children: <p>{t('take.freshSent.body', { email })}</p>,
  });
}
