import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import { DEFAULT_LANGUAGE, localizePath, routeOf } from '../../platform/i18n/index.js';
import { type AlertContent, alertContent, mailLanguage } from './content.js';

/*
 * An item and its translations (the newsroom's translation group: `articles.translation_of`, the
 * group's original; migration 034), as mail shows them: each recipient reads the group's member
 * published in their language, else the original, marked with its language. Read from the
 * articles table as this room already reads it (no newsroom import), once per send batch or
 * digest, never once per recipient.
 */

type Executor = Kysely<Database>;

/** A published member of a translation group, as a message would show it. */
export interface Version {
  articleId: number;
  /** The group's original's id (the member's own when it is the original). */
  group: number;
  /** The language its words are in (the site's first language when the article does not say). */
  language: string;
  isOriginal: boolean;
  /** Its own alert's content (what it said when published), or null when it was never alerted. */
  alert: AlertContent | null;
  slug: string;
  title: string;
  summary: string;
  publishedAt: string;
}

/** The members of these articles' groups public at `now`, by group: one statement. */
export async function publishedVersions(
  db: Executor,
  articleIds: readonly number[],
  now: Date,
): Promise<Map<number, Version[]>> {
  const out = new Map<number, Version[]>();
  if (articleIds.length === 0) return out;
  const groups = db
    .selectFrom('articles as o')
    .select((eb) => eb.fn.coalesce('o.translation_of', 'o.id').as('g'))
    .where('o.id', 'in', [...new Set(articleIds)]);
  const rows = await db
    .selectFrom('articles as ar')
    .leftJoin('alerts as a', 'a.article_id', 'ar.id')
    .select([
      'ar.id as article_id',
      'ar.translation_of',
      'ar.language as article_language',
      'ar.slug',
      'ar.title as article_title',
      'ar.summary as article_summary',
      'ar.published_at as article_published_at',
      'a.id',
      'a.title',
      'a.summary',
      'a.path',
      'a.published_at',
      'a.item_type',
      'a.item_language',
      'a.image_path',
      'a.image_alt',
      'a.image_caption',
      'a.image_credit',
    ])
    .where((eb) => eb.or([eb('ar.id', 'in', groups), eb('ar.translation_of', 'in', groups)]))
    .where('ar.status', '=', 'published')
    .where('ar.published_at', '<=', now.toISOString())
    .orderBy('ar.id')
    .execute();
  for (const r of rows) {
    if (!r.article_published_at) continue;
    const group = r.translation_of ?? r.article_id;
    const alert =
      r.id === null || r.title === null || r.summary === null || r.path === null || r.published_at === null
        ? null
        : alertContent({
            id: r.id,
            title: r.title,
            summary: r.summary,
            path: r.path,
            published_at: r.published_at,
            item_type: r.item_type,
            item_language: r.item_language,
            image_path: r.image_path,
            image_alt: r.image_alt ?? '',
            image_caption: r.image_caption ?? '',
            image_credit: r.image_credit ?? '',
          });
    const list = out.get(group) ?? [];
    list.push({
      articleId: r.article_id,
      group,
      language: r.article_language || DEFAULT_LANGUAGE,
      isOriginal: r.translation_of === null,
      alert,
      slug: r.slug,
      title: r.article_title,
      summary: r.article_summary,
      publishedAt: r.article_published_at,
    });
    out.set(group, list);
  }
  return out;
}

/** The group an article's versions were filed under, if any member is public. */
export function groupOf(versions: ReadonlyMap<number, Version[]>, articleId: number): Version[] | undefined {
  for (const list of versions.values()) if (list.some((v) => v.articleId === articleId)) return list;
  return undefined;
}

/**
 * What a recipient reading `language` is shown of the item `shown` announces: the group's member
 * in their language when one is public, else the original (else `shown` itself), its words marked
 * with the language they are in and its link on the site in the recipient's language
 * (`/fr/articles/<slug>`). A member never alerted borrows `shown`'s type and picture (a translation
 * keeps its original's).
 */
export function versionFor(
  shown: AlertContent,
  group: readonly Version[] | undefined,
  language: string | null | undefined,
): AlertContent {
  const lang = mailLanguage(language);
  const pick = group?.find((v) => v.language === lang) ?? group?.find((v) => v.isOriginal) ?? undefined;
  if (!pick) {
    const route = routeOf(shown.path)?.address ?? shown.path;
    return { ...shown, language: shown.language ?? DEFAULT_LANGUAGE, path: localizePath(route, lang) };
  }
  const base: AlertContent = pick.alert ?? {
    ...shown,
    title: pick.title,
    summary: pick.summary,
    publishedAt: pick.publishedAt,
  };
  return {
    ...base,
    // The message id and the send log stay the alert's being sent, whichever member it shows.
    id: shown.id,
    language: pick.language,
    path: localizePath(`/articles/${pick.slug}`, lang),
  };
}
