import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import type { Actor, Staff } from '../accounts/index.js';
import type { ArticleStatus, Database } from '../platform/db/index.js';

/*
 * What this room needs of the newsroom, in its own words: the newsroom's lookups are handed over
 * at composition (app.ts), as subscriptions gets its Followables; neither room imports the other.
 */

/** An article as the newsroom names it. */
export interface ArticleRef {
  id: number;
  type: string;
  title: string;
  path: string;
  status: ArticleStatus;
  publishedAt: string | null;
  /** The language it is written in; null: the site's first. */
  language: string | null;
  /** The newsroom's content key of the article: a page listing it depends on it. */
  contentKey: string;
}

/** Whether readers see the article now: published, and its publication time reached. */
export const isPublished = (a: ArticleRef | undefined, now: Date): a is ArticleRef =>
  a !== undefined && a.status === 'published' && a.publishedAt !== null && a.publishedAt <= now.toISOString();

/** Whether the article is an urgent action readers see now. */
export const isPublicAction = (a: ArticleRef | undefined, now: Date): a is ArticleRef =>
  a?.type === 'urgent-action' && isPublished(a, now);

/**
 * What a reader in `language` is shown of an article: its published translation in that language
 * (the forms of every translation post to the source's id), else the article itself; with the
 * translation's content key when it is the translation (a page showing it depends on it).
 */
export async function shownIn(
  newsroom: Pick<Newsroom, 'articleIn'>,
  article: { id: number; title: string; path: string },
  language: string,
  now: Date,
): Promise<{ title: string; path: string; contentKey: string | null }> {
  const member = await newsroom.articleIn(article.id, language);
  return member && member.id !== article.id && isPublished(member, now)
    ? { title: member.title, path: member.path, contentKey: member.contentKey }
    : { title: article.title, path: article.path, contentKey: null };
}

export interface CaseRef {
  id: number;
  name: string;
  path: string;
  contentKey: string;
}

export interface Newsroom {
  /** The articles with these ids, in any state. */
  articles(ids: readonly number[]): Promise<ArticleRef[]>;
  /** The member of the article's translation group in this language (any state), or null. */
  articleIn(articleId: number, language: string): Promise<ArticleRef | null>;
  /** Every article of type urgent action, newest first. */
  urgentActions(): Promise<ArticleRef[]>;
  /** The cases with these ids, or every case. */
  cases(ids?: readonly number[]): Promise<CaseRef[]>;
  /** Writes the reference ("UA 58/20") of an article and its translations, inside the publishing transaction. */
  setReference(trx: Kysely<Database>, articleId: number, reference: string): Promise<void>;
  /** The urgent actions filed under a country (any state), for the ledger's impact block. */
  urgentActionsOfCountry(countryId: number): Promise<ArticleRef[]>;
  /**
   * Saves a draft article of type good news following an urgent action (its countries, topics,
   * cases and picture copied, these cases added), as this staff member, through the editor's rules.
   */
  draftGoodNews(
    staff: Staff,
    actor: Actor,
    draft: {
      title: string;
      summary: string;
      body: string;
      fromArticleId: number;
      caseIds: readonly number[];
    },
  ): Promise<{ ok: true; id: number; editPath: string } | { ok: false; reason: string }>;
}

/** The content keys this room's pages and sections declare. */
export const keys = {
  /** An urgent action's details, status and series. */
  action: (articleId: number) => `ua:${articleId}`,
  /** A target of the directory, shown on every urgent action that names it. */
  target: (targetId: number) => `ua-target:${targetId}`,
  /**
   * An urgent action's counts: only its counts fragment depends on it (never its page, which a
   * busy action would otherwise re-render with every action), purged at most once a bucket.
   */
  count: (articleId: number) => `ua-count:${articleId}`,
};

/**
 * This room's part of an article's page, as the newsroom takes it (structurally its
 * ArticleSection): the section and the content keys it depends on; null for other articles.
 */
export type ArticleSection = (article: {
  id: number;
  type: string;
}) => Promise<{ node: VNode; contentKeys: string[] } | null>;

/**
 * More for the items of a listing, as the newsroom takes it (structurally its ItemExtras): a node
 * for each urgent action among them (its counts and goal bar), and the keys they depend on.
 */
export type ItemExtras = (
  items: ReadonlyArray<{ id: number; type: string }>,
) => Promise<{ nodes: Map<number, VNode>; contentKeys: string[] }>;
