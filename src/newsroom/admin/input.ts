import { z } from 'zod';
import { ARTICLE_TYPES } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { type FormRead, readForm } from '../../platform/views/forms.js';

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .transform((v) => [...new Set(v.filter((x) => /^\d{1,9}$/.test(x)).map(Number))]);

export const EDITOR_ACTIONS = ['save', 'publish', 'schedule', 'unpublish', 'archive'] as const;

/**
 * The languages an article can be written in. Search stems each in its own; '' is "not stated"
 * (search then guesses). The site's interface languages are the ones articles are translated into.
 */
export const CONTENT_LANGUAGES = ['en', 'fr', 'es'] as const;
export const TRANSLATION_LANGUAGES = ['en', 'fr'] as const;
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];
export type EditorAction = (typeof EDITOR_ACTIONS)[number];

/** The article form as the browser sends it; every field is checked here and nowhere later. */
export const articleForm = z.object({
  title: z.string().max(300).default(''),
  slug: z.string().max(120).default(''),
  type: z.enum(ARTICLE_TYPES).catch('news'),
  language: z.enum(['', ...CONTENT_LANGUAGES]).catch(''),
  summary: z.string().max(1000).default(''),
  body: z.string().max(200_000).default(''),
  location: z.string().max(200).default(''),
  reference: z.string().max(50).default(''),
  lead_image_id: z
    .string()
    .default('')
    .transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : null)),
  countries: ids,
  topics: ids,
  cases: ids,
  attachments: ids,
  publish_at: z.string().max(30).default(''),
  version: z
    .string()
    .default('0')
    .transform((v) => (/^\d{1,9}$/.test(v) ? Number(v) : 0)),
  action: z.enum(EDITOR_ACTIONS).catch('save'),
  /** On a translation whose source changed: the editor says it is brought up to date. */
  up_to_date: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

export type ArticleForm = z.infer<typeof articleForm>;

/** The checkbox groups of the article form: each sends one value per ticked box. */
const ARTICLE_LISTS = ['countries', 'topics', 'cases', 'attachments'] as const;

/** Reads the article form as sent (never throws): see readForm for line ends and repeated fields. */
export function readArticleForm(body: unknown): FormRead<ArticleForm> {
  return readForm(articleForm, body, {
    lists: ARTICLE_LISTS,
    labels: {
      title: t('editor.title'),
      slug: t('editor.slug'),
      type: t('editor.type'),
      language: t('editor.language'),
      summary: t('editor.summary'),
      body: t('editor.body'),
      location: t('editor.location'),
      reference: t('editor.reference'),
      lead_image_id: t('editor.image'),
      publish_at: t('editor.publishAt'),
      version: t('editor.version', { version: '' }).trim(),
      action: t('editor.saveDraft'),
    },
  });
}

/** The editable state of an article: what a revision stores and a restore brings back. */
export interface ArticleSnapshot {
  type: ArticleForm['type'];
  /** '' when not stated. Revisions saved before languages could be chosen have none. */
  language: ArticleForm['language'];
  slug: string;
  title: string;
  summary: string;
  body: string;
  location: string;
  reference: string;
  lead_image_id: number | null;
  countries: number[];
  topics: number[];
  cases: number[];
  /** Documents (a report's PDF) offered for download with the article. */
  attachments: number[];
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '');
}

/** "2020-06-18T14:30" as typed in a datetime-local field, read as UTC. */
export function parsePublishAt(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
