import { currentLanguage, inReadersLanguage, t } from '../../platform/i18n/index.js';
import {
  EmailField,
  ErrorSummary,
  type FieldErrors,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import { Layout } from '../../platform/views/layout.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { LINK_PATH } from '../links.js';
import type { FollowTarget, TargetKind, Wording } from '../rules.js';
import { ConsentAndSubmit, FollowFieldset, LanguageField, Message } from '../views/public.js';
import { DEFAULT_CAP, WEEKLY_CAPS } from './rules.js';

const NETWORK_TARGET_KINDS: readonly TargetKind[] = ['country', 'region', 'topic'];

const text = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};

export function freshJoinFields(sourcePage: string): SubmittedFields {
  return {
    email: '',
    language: currentLanguage(),
    cap: String(DEFAULT_CAP),
    follow: [],
    source_page: sourcePage,
  };
}

/** The cap and the follows: the join form's and the preference centre's, the same fields. */
function Choices(props: {
  fields: SubmittedFields;
  errors: FieldErrors;
  targets: readonly FollowTarget[];
  /** Ids of their own beside another form on the same page (the preference centre). */
  idPrefix?: string;
}) {
  const { fields, errors, targets } = props;
  const cap = `field-${props.idPrefix ?? ''}cap`;
  const follow = `field-${props.idPrefix ?? ''}follow`;
  const followed = new Set(Array.isArray(fields.follow) ? fields.follow : []);
  return (
    <>
      <fieldset
        class={`checkboxes${errors.cap ? ' field--error' : ''}`}
        id={cap}
        aria-describedby={errors.cap ? `${cap}-error` : undefined}
      >
        <legend>{t('network.cap')}</legend>
        {errors.cap ? (
          <p class="field__error" id={`${cap}-error`}>
            {errors.cap}
          </p>
        ) : null}
        <ul>
          {WEEKLY_CAPS.map((n) => (
            <li key={n}>
              <label>
                <input
                  type="radio"
                  name="cap"
                  value={String(n)}
                  checked={text(fields, 'cap') === String(n)}
                />{' '}
                {t('network.capOption', { count: n })}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <FollowFieldset
        id={follow}
        legend={t('network.follow')}
        hint={t('network.followHint')}
        everything={t('network.everything')}
        error={errors.follow}
        followed={followed}
      >
        {NETWORK_TARGET_KINDS.map((kind) => {
          const group = targets.filter((x) => x.kind === kind);
          if (group.length === 0) return null;
          return (
            <fieldset class="checkboxes" key={kind}>
              <legend>{t(`subscribe.kind.${kind}`)}</legend>
              <ul>
                {group.map((x) => {
                  const value = `${kind}:${x.id}`;
                  return (
                    <li key={value}>
                      <label>
                        <input type="checkbox" name="follow" value={value} checked={followed.has(value)} />{' '}
                        {x.name}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          );
        })}
      </FollowFieldset>
    </>
  );
}

export interface JoinView {
  fields: SubmittedFields;
  errors: FieldErrors;
  targets: readonly FollowTarget[];
  wording: Wording;
  alert?: string;
  proofOfWork: { script: string; css: string };
}

/** `/network`: join the Urgent Action Network (double opt-in; works with JavaScript off). */
export function joinPage(site: Site, view: JoinView): string {
  const { fields, errors, wording } = view;
  const title = t('network.title');
  const head = (
    <>
      <link rel="stylesheet" href={view.proofOfWork.css} />
      <script type="module" src={view.proofOfWork.script} />
    </>
  );
  return renderDocument(
    <Layout site={site} meta={{ title, canonical: '/network', head }}>
      <div class="page page--narrow">
        <div class="page-header">
          <h1>{title}</h1>
          <p>{t('network.intro')}</p>
        </div>
        {view.alert ? (
          <p class="notice notice--warning" role="alert">
            {view.alert}
          </p>
        ) : null}
        <ErrorSummary errors={errors} title={t('network.errors')} />
        <form class="form subscribe-form" method="post" action={inReadersLanguage('/network')} novalidate>
          <input type="hidden" name="wording" value={wording.hash} />
          <input type="hidden" name="source_page" value={text(fields, 'source_page')} />
          <EmailField label={t('network.email')} error={errors.email} value={text(fields, 'email')} />
          <LanguageField label={t('network.language')} fields={fields} errors={errors} />
          <Choices fields={fields} errors={errors} targets={view.targets} />
          <ConsentAndSubmit
            wording={wording}
            errors={errors}
            proof
            legend={t('network.consentLegend')}
            submit={t('network.submit')}
          />
        </form>
      </div>
    </Layout>,
  );
}

/** The same answer whatever the address's state. */
export function joinSentPage(site: Site, email: string): string {
  return Message({
    site,
    title: t('network.sent.title'),
    children: <p>{t('network.sent.body', { email })}</p>,
  });
}

/** The network's part of the preference centre: join, change the cap and follows, or leave. */
export function NetworkSection(props: {
  link: string;
  state: 'member' | 'pending' | 'none';
  fields: SubmittedFields;
  errors: FieldErrors;
  targets: readonly FollowTarget[];
  wording: Wording;
  saved?: 'saved' | 'left';
}) {
  const { state, fields } = props;
  const action = `${LINK_PATH.manage}${props.link}/network`;
  return (
    <section class="network-preferences" aria-labelledby="network-heading">
      <h2 id="network-heading">{t('network.prefs.heading')}</h2>
      {props.saved ? (
        <p class="notice" role="status">
          {t(props.saved === 'saved' ? 'network.prefs.saved' : 'network.prefs.left')}
        </p>
      ) : null}
      <p>
        {state === 'member'
          ? t('network.prefs.member', { count: text(fields, 'cap') })
          : t(state === 'pending' ? 'network.prefs.pending' : 'network.prefs.none')}
      </p>
      <ErrorSummary
        errors={Object.fromEntries(Object.entries(props.errors).map(([k, v]) => [`network-${k}`, v]))}
        title={t('network.errors')}
      />
      <form class="form" method="post" action={action} novalidate>
        <input type="hidden" name="wording" value={props.wording.hash} />
        <Choices fields={fields} errors={props.errors} targets={props.targets} idPrefix="network-" />
        <p id="field-network-consent">
          {props.errors.wording ? <strong class="field__error">{props.errors.wording} </strong> : null}
          {t('network.prefs.consent')} <q>{props.wording.text}</q>
        </p>
        <button type="submit" name="do" value="save">
          {t(state === 'member' ? 'network.prefs.save' : 'network.prefs.join')}
        </button>
      </form>
      {state === 'none' ? null : (
        <form method="post" action={action}>
          <input type="hidden" name="do" value="leave" />
          <button type="submit">{t('network.prefs.leave')}</button>
        </form>
      )}
    </section>
  );
}

/** A supporter's "stop hearing about this urgent action": a page with one button (scanners open links). */
export function stopPage(site: Site, reference: string, email: string, link: string): string {
  return Message({
    site,
    title: t('network.stop.title'),
    children: (
      <>
        <p>{t('network.stop.body', { reference, email })}</p>
        <form method="post" action={inReadersLanguage(`/network/stop/${link}`)}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">{t('network.stop.button')}</button>
        </form>
      </>
    ),
  });
}

export function stoppedPage(site: Site, reference: string, email: string): string {
  return Message({
    site,
    title: t('network.stop.done.title'),
    children: <p role="status">{t('network.stop.done.body', { reference, email })}</p>,
  });
}

export function badStopLinkPage(site: Site): string {
  return Message({ site, title: t('network.stop.bad.title'), children: <p>{t('network.stop.bad.body')}</p> });
}

/** A member opened the one-click link of a network message: one button (scanners open links; only a POST acts). */
export function leavePage(site: Site, email: string, link: string): string {
  return Message({
    site,
    title: t('network.leave.title'),
    children: (
      <>
        <p>{t('network.leave.body', { email })}</p>
        <form method="post" action={inReadersLanguage(`${LINK_PATH['leave-network']}${link}`)}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">{t('network.leave.button')}</button>
        </form>
      </>
    ),
  });
}

export function leftPage(site: Site, email: string, manageLink: string): string {
  return Message({
    site,
    title: t('network.leave.done.title'),
    children: (
      <>
        <p role="status">{t('network.leave.done.body', { email })}</p>
        <p>
          <a href={`${LINK_PATH.manage}${manageLink}`}>{t('network.leave.done.manage')}</a>
        </p>
      </>
    ),
  });
}
