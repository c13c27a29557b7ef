import { t } from '../../platform/i18n/index.js';
import { Layout } from '../../platform/views/layout.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedLinks } from '../feed-formats.js';
import type { FeedSubject } from '../models.js';
import { paths } from '../paths.js';

/**
 * A subject's feed addresses for people: what the site's "News feed for …" links open. A plain
 * page, so it reads the same in every browser; the feeds' own XSL view (client/feed.xsl) relies
 * on XSLT, which browsers have deprecated.
 */
export function feedsPage(site: Site, subject: FeedSubject): string {
  const name = subject.feedBase ? subject.title : site.name;
  const title = t('feeds.title', { name });
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title,
        canonical: paths.feedsPage(subject.feedBase),
        noindex: true,
        feeds: feedLinks(subject.feedBase, name),
      }}
    >
      <div class="page page--narrow feed-preview">
        <h1>{title}</h1>
        <p>{t('feeds.intro')}</p>
        <ul class="feed-preview__items">
          {FEED_FORMAT_NAMES.map((format) => {
            const path = paths.feedOf(subject.feedBase, FEED_FORMATS[format].extension);
            const url = site.publicUrl + path;
            return (
              <li key={format}>
                <h2>{t(`feeds.${format}`)}</h2>
                <p>
                  <a href={path}>
                    <code>{url}</code>
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
        <p>
          <a href={subject.href}>{t('feeds.back', { name })}</a>
        </p>
      </div>
    </Layout>,
  );
}
