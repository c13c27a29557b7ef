import { t } from '../platform/i18n/index.js';
import {
  type CallScript,
  callScript,
  listOf,
  officeHoursInUtc,
  officeHoursLines,
  type WeekRange,
  weekRangeLines,
} from './call-script.js';
import { type LetterTemplate, templateFor } from './letter-pdf.js';
import { type PostageHint, postageHint } from './postage.js';
import { parseOfficeHours } from './rules.js';
import { mentionsOn, type Network, postText, shareHref } from './share-links.js';
import type { TargetView, UaView } from './view.js';

/*
 * What the letter, post and call channels show of an urgent action: built from its view, the
 * site's address and the moment (for office hours seen from UTC). Content only: getting a letter,
 * a post's text or a call script asks for no email; counting an action is the intake's.
 */

export interface LetterChannel {
  /** The officials a letter can be posted to: targets, then copies, each with a postal address. */
  recipients: Array<{ target: TargetView; postage: PostageHint }>;
  /** The letter in the first recipient's language, and the others as translations. */
  sample: LetterTemplate;
  translations: LetterTemplate[];
}

export interface PostChannel {
  /** The message before mentions and address, in the supporter's language. */
  message: string;
  url: string;
  texts: Record<Network, string>;
  links: Array<{ network: Exclude<Network, 'mastodon'>; href: string }>;
}

export interface CallChannel {
  calls: Array<{
    target: TargetView;
    /** The office hours as written, their time; empty when not known. */
    hoursThere: string[];
    /** The same hours in UTC, for readers without the script. */
    hoursUtc: string[];
    /** The ranges in UTC: the script's input, to show them in the reader's own zone. */
    rangesUtc: WeekRange[];
  }>;
  script: CallScript;
  /** The language the asks in the script are written in (the urgent action's). */
  asksLanguage: string;
}

export interface ChannelsView {
  /** Whether the urgent action asks for action now (open, before its date). */
  open: boolean;
  letter: LetterChannel | null;
  post: PostChannel;
  call: CallChannel | null;
}

/** An official as a letter or the page names them: "Ing. Jaime Bonilla Valdez". */
export const whoOf = (x: Pick<TargetView, 'honorific' | 'name'>) =>
  [x.honorific, x.name].filter(Boolean).join(' ');

/** An official with their title, as a reply's record names them: "Ing. Jaime Bonilla Valdez, Gobernador …". */
export function authorityName(r: Pick<TargetView, 'honorific' | 'name' | 'title'>): string {
  const who = whoOf(r);
  return r.title && r.title !== r.name ? `${who}, ${r.title}` : who;
}

const englishList = (items: readonly string[]) => listOf(items, 'en');

/** The post's message: who is at risk, the number, the first ask. */
export function postMessage(view: Pick<UaView, 'people' | 'reference' | 'asks'>): string {
  const people =
    view.people.length > 0 ? englishList(view.people.map((p) => p.name)) : t('call.script.theirCase');
  const reference = view.reference ? t('post.referenceSuffix', { reference: view.reference }) : '';
  const ask = view.asks[0];
  return ask ? t('post.message', { people, reference, ask }) : t('post.messageNoAsk', { people, reference });
}

/** The text of a post on one network, with the targets' handles on it. */
export function postFor(network: Network, view: UaView, url: string): string {
  const mentions = mentionsOn(
    network,
    view.targets.flatMap((x) => x.social),
  );
  return postText(network, { mentions, message: postMessage(view), url });
}

export function channelsView(view: UaView, ctx: { publicUrl: string; now: Date }): ChannelsView {
  const url = view.path ? new URL(view.path, ctx.publicUrl).toString() : ctx.publicUrl;
  const posted = [...view.targets, ...view.copies].filter((x) => x.postalAddress.trim() !== '');
  const first = posted[0];
  const sample = first ? templateFor(view.letters, first.language) : null;
  const letter: LetterChannel | null =
    first && sample
      ? {
          recipients: posted.map((target) => ({ target, postage: postageHint(target.countryCode) })),
          sample,
          translations: view.letters.filter((l) => l !== sample),
        }
      : null;

  const texts = {
    x: postFor('x', view, url),
    bluesky: postFor('bluesky', view, url),
    mastodon: postFor('mastodon', view, url),
  };
  const post: PostChannel = {
    message: postMessage(view),
    url,
    texts,
    links: [
      { network: 'x', href: shareHref('x', texts.x) },
      { network: 'bluesky', href: shareHref('bluesky', texts.bluesky) },
    ],
  };

  const phoned = view.targets.filter((x) => x.tel !== '');
  const callees = phoned.length > 0 ? phoned : view.copies.filter((x) => x.tel !== '');
  const call: CallChannel | null =
    callees.length > 0
      ? {
          calls: callees.map((target) => {
            const read = officeHours(target);
            const utc = officeHoursInUtc(read, target.timeZone, ctx.now);
            return {
              target,
              hoursThere: officeHoursLines(read),
              hoursUtc: weekRangeLines(utc),
              rangesUtc: utc,
            };
          }),
          script: callScript({
            salutation: callees[0]!.salutation,
            targetName: whoOf(callees[0]!),
            people: view.people.map((p) => p.name),
            asks: view.asks,
            reference: view.reference,
          }),
          asksLanguage: view.language,
        }
      : null;
  return { open: view.status.open, letter, post, call };
}

function officeHours(target: TargetView) {
  // The view keeps the lines to show; the ranges are read again from them (same syntax, en dash).
  const read = parseOfficeHours(target.officeHours.map((l) => l.replace('–', '-')).join('\n'));
  return read.ok ? read.ranges : [];
}
