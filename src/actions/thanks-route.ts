import type { FastifyInstance } from 'fastify';
import type { PageCache } from '../platform/cache/page-cache.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import { currentLanguage } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { idParams } from './input.js';
import { isPublicAction, type Newsroom, shownIn } from './newsroom.js';
import { thanksPage } from './views/take-action.js';

/*
 * `GET /actions/:id/thanks`: where a public form's POST sends the browser once its action is
 * recorded (303, post/redirect/get). A reload or the back button then repeats nothing, and the
 * page is the same for everyone who acted on the urgent action, whether their action counted now,
 * waits for a confirmation or was a repeat: it names no address (none may ride in an address, and
 * the same answer for every address tells no one whether an address is known), so it is a public
 * page in the page cache, on the article's content key, and acting costs the server one small
 * answer, not a page.
 */

export interface ThanksRouteDeps {
  cache: PageCache;
  newsroom: Pick<Newsroom, 'articles' | 'articleIn'>;
  site: Site;
  now: () => Date;
}

export const thanksPath = (articleId: number) => `/actions/${articleId}/thanks`;

export function thanksRoutes(app: FastifyInstance, deps: ThanksRouteDeps): void {
  app.get(
    '/actions/:id/thanks',
    publicPage(deps.cache, async (request) => {
      const parsed = idParams.safeParse(request.params);
      if (!parsed.success) return notFound();
      const [article] = await deps.newsroom.articles([parsed.data.id]);
      const now = deps.now();
      if (!isPublicAction(article, now)) return notFound();
      const shown = await shownIn(deps.newsroom, article, currentLanguage(), now);
      return page(thanksPage(deps.site, shown), [
        article.contentKey,
        // A translation published, renamed or withdrawn later changes this page.
        ...(shown.contentKey ? [shown.contentKey] : []),
      ]);
    }),
  );
}
