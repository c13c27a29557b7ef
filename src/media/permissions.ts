import type { Staff } from '../accounts/index.js';
import type { ArticleStatus, ArticleType, MediaRow } from '../platform/db/index.js';
import { mediaAccess } from './access.js';
import type { MediaUse } from './queries.js';

/**
 * Why someone may not change an item's details or file, most serious first:
 * - `live`: a published or scheduled article uses it, and they may not publish that article
 *   (changing its picture or download changes the live page);
 * - `not-yours`: an article they may not edit uses it (another author's draft);
 * - `case`: it is a case's portrait, and they do not manage cases;
 * - `not-uploader`: nothing uses it, and someone else uploaded it.
 */
export type MediaRefusal = 'live' | 'not-yours' | 'case' | 'not-uploader';

/**
 * The rules of the pages that show media, given by the room that owns them (the newsroom, at
 * composition in app.ts): whoever may not edit or publish an article may not change what it shows
 * either, and a change to those rules reaches the media library at once, with no copy here.
 */
export interface PageRules {
  mayEditArticle(staff: Staff, article: { author_id: number | null; status: ArticleStatus }): boolean;
  mayPublishArticle(staff: Staff, type: ArticleType): boolean;
  mayManageCases(staff: Staff): boolean;
}

const REFUSAL_ORDER: readonly MediaRefusal[] = ['live', 'not-yours', 'case', 'not-uploader'];

const isLive = (status: string) => status === 'published' || status === 'scheduled';

/**
 * Whether `staff` may change the alt text, caption, credit or file of an item with these uses;
 * null when they may. Deleting is a separate permission (media.manage) and is not judged here.
 *
 * An item is changed by someone who may change every page that shows it: the article rules of
 * the newsroom (may edit, then may publish for a live article) and managing cases for a portrait. An
 * item nothing uses is its uploader's, and the media managers' (editors, administrators); an
 * author therefore changes only what they uploaded or what only their own drafts use.
 */
export function mediaChangeRefusal(
  staff: Staff,
  row: Pick<MediaRow, 'uploaded_by'>,
  uses: readonly MediaUse[],
  rules: PageRules,
): MediaRefusal | null {
  const refusals = new Set<MediaRefusal>();
  for (const use of uses) {
    if (use.kind === 'case') {
      if (!rules.mayManageCases(staff)) refusals.add('case');
      continue;
    }
    if (isLive(use.status)) {
      if (!rules.mayEditArticle(staff, use) || !rules.mayPublishArticle(staff, use.type))
        refusals.add('live');
    } else if (!rules.mayEditArticle(staff, use)) {
      refusals.add('not-yours');
    }
  }
  if (
    uses.length === 0 &&
    row.uploaded_by !== staff.user.id &&
    !mediaAccess.can(staff.user.role, 'media.manage')
  ) {
    refusals.add('not-uploader');
  }
  return REFUSAL_ORDER.find((r) => refusals.has(r)) ?? null;
}
