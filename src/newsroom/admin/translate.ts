import { type Actor, recordAudit, type Staff } from '../../accounts/index.js';
import { cannotWrite, inTransaction, uniqueViolation } from '../../platform/db/errors.js';
import { languageName } from '../../platform/i18n/index.js';
import { translationGroup } from '../translations.js';
import { slugify, type TranslationLanguage } from './input.js';
import { type EditorDeps, loadArticle, mayEdit, writeLinks } from './service.js';

export type TranslateOutcome =
  | { ok: true; id: number; created: boolean }
  | { ok: false; reason: 'not-found' | 'forbidden' | 'same-language' | 'unavailable' };

/**
 * "Translate into French": a draft in that language holding the source's text, picture, links and
 * reference, to be written over, in the source's translation group (the group's source even when
 * asked from another translation). One per language: asked again (or by two editors at once), it
 * is the one already there.
 */
export async function translateArticle(
  deps: EditorDeps,
  staff: Staff,
  actor: Actor,
  articleId: number,
  to: TranslationLanguage,
): Promise<TranslateOutcome> {
  const group = await translationGroup(deps.db, articleId);
  const source = group[0] ? await loadArticle(deps.db, group[0].id) : null;
  if (!source) return { ok: false, reason: 'not-found' };
  // Creating the translation is writing an article; reading the source needs no more.
  if (!mayEdit(staff, null)) return { ok: false, reason: 'forbidden' };
  // An article whose language is not stated is in the site's first language.
  if ((source.language || 'en') === to) return { ok: false, reason: 'same-language' };
  const existing = group.find((m) => m.translationOf !== null && m.language === to);
  if (existing) return { ok: true, id: existing.id, created: false };

  const now = deps.now();
  const at = now.toISOString();
  const slug = await freeSlug(deps, `${slugify(source.slug)}-${to}`);
  try {
    const id = await inTransaction(deps.db, async (trx) => {
      const original = await trx
        .selectFrom('articles')
        .select('body_html')
        .where('id', '=', source.id)
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('articles')
        .values({
          type: source.type,
          slug,
          title: source.title,
          summary: source.summary,
          body_md: source.body,
          body_html: original.body_html,
          status: 'draft',
          location: source.location,
          reference: source.reference,
          lead_image_id: source.lead_image_id,
          published_at: null,
          created_at: at,
          updated_at: at,
          version: 1,
          author_id: staff.user.id,
          language: to,
          translation_of: source.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const snapshot = { ...source, slug, language: to };
      await writeLinks(trx, row.id, snapshot);
      await trx
        .insertInto('article_revisions')
        .values({
          article_id: row.id,
          version: 1,
          kind: 'saved',
          snapshot: JSON.stringify({ ...snapshot, id: undefined }),
          user_id: staff.user.id,
          created_at: at,
        })
        .execute();
      await recordAudit(
        trx,
        actor,
        {
          action: 'article.translate',
          entityType: 'article',
          entityId: row.id,
          message: {
            key: 'audit.article.translated',
            params: { title: source.title, language: languageName(to) },
          },
          after: { translation_of: source.id, language: to, slug },
        },
        now,
      );
      return row.id;
    });
    // A draft: no public page shows it, so nothing to purge.
    return { ok: true, id, created: true };
  } catch (err) {
    // Another editor made it a moment before: theirs is the one.
    if (uniqueViolation(err)) {
      const again = (await translationGroup(deps.db, source.id)).find((m) => m.language === to);
      if (again) return { ok: true, id: again.id, created: false };
    }
    if (cannotWrite(err)) return { ok: false, reason: 'unavailable' };
    throw err;
  }
}

/** The address wanted, or with -2, -3… when it is taken. */
async function freeSlug(deps: EditorDeps, wanted: string): Promise<string> {
  const taken = new Set(
    (await deps.db.selectFrom('articles').select('slug').where('slug', 'like', `${wanted}%`).execute()).map(
      (r) => r.slug,
    ),
  );
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}
