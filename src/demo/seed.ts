import fs from 'node:fs/promises';
import path from 'node:path';
import { addDocument, addImage } from '../media/index.js';
import { EVERYTHING, recordPurge } from '../platform/cache/purge-bus.js';
import type { Db } from '../platform/db/index.js';
import { renderMarkdown } from '../platform/text/markdown.js';
import { loadDemoActions } from './actions.js';
import { demoContent } from './content.js';
import { loadDemoFrench } from './french.js';
import { placeholderImage, placeholderPdf } from './placeholders.js';
import type { DemoContent } from './types.js';

export interface SeedDeps {
  db: Db;
  dataDir: string;
  now: () => Date;
}

const CONTENT_TABLES = [
  // The actions room's details and directory go with the articles they belong to.
  'ua_action_targets',
  'ua_events',
  'ua_people',
  'urgent_actions',
  'ua_targets',
  // Names in other languages of the countries, regions and topics replaced below (issue 15).
  'taxonomy_names',
  'article_attachments',
  'article_cases',
  'article_topics',
  'article_countries',
  'articles',
  'cases',
  'media',
  'topics',
  'countries',
  'regions',
] as const;

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

function lookup<T>(map: Map<string, T>, key: string, what: string): T {
  const found = map.get(key);
  if (found === undefined) throw new Error(`Demo content names an unknown ${what}: ${key}`);
  return found;
}

/**
 * Replaces all newsroom content with the demo set, in one transaction: a failure part-way leaves
 * the previous content as it was (only unreferenced image files may remain).
 */
export async function loadDemo(deps: SeedDeps, content: DemoContent = demoContent) {
  const pictures = new Map<string, Buffer>();
  for (const image of content.images) pictures.set(image.key, await placeholderImage(image));

  const oldFiles = await deps.db.selectFrom('media').select('storage_key').execute();

  const counts = await deps.db.transaction().execute(async (trx) => {
    for (const table of CONTENT_TABLES) await trx.deleteFrom(table).execute();
    const now = deps.now().toISOString();
    const media = { db: trx, dataDir: deps.dataDir, now: deps.now };

    const imageIds = new Map<string, number>();
    for (const image of content.images) {
      const id = await addImage(media, lookup(pictures, image.key, 'image'), {
        originalName: `${image.key}.jpg`,
        alt: image.alt,
        caption: image.caption,
        credit: image.credit,
      });
      imageIds.set(image.key, id);
    }

    const regionIds = new Map<string, number>();
    for (const r of content.regions) {
      const row = await trx.insertInto('regions').values(r).returning('id').executeTakeFirstOrThrow();
      regionIds.set(r.slug, row.id);
    }
    const countryIds = new Map<string, number>();
    for (const c of content.countries) {
      const row = await trx
        .insertInto('countries')
        .values({
          code: c.code.toUpperCase(),
          slug: c.slug,
          name: c.name,
          region_id: lookup(regionIds, c.region, 'region'),
          featured: c.featured ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      countryIds.set(c.slug, row.id);
    }
    const topicIds = new Map<string, number>();
    for (const topic of content.topics) {
      const row = await trx.insertInto('topics').values(topic).returning('id').executeTakeFirstOrThrow();
      topicIds.set(topic.slug, row.id);
    }
    const caseIds = new Map<string, number>();
    for (const c of content.cases) {
      const row = await trx
        .insertInto('cases')
        .values({
          slug: c.slug,
          name: c.name,
          summary: c.summary,
          story_md: c.storyMd,
          story_html: renderMarkdown(c.storyMd),
          status: c.status,
          country_id: lookup(countryIds, c.country, 'country'),
          portrait_id: c.portrait ? lookup(imageIds, c.portrait, 'image') : null,
          featured: c.featured ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      caseIds.set(c.slug, row.id);
    }

    const articleIds = new Map<string, number>();
    for (const a of content.articles) {
      const row = await trx
        .insertInto('articles')
        .values({
          type: a.type,
          slug: a.slug,
          title: a.title,
          summary: a.summary,
          body_md: a.bodyMd,
          body_html: renderMarkdown(a.bodyMd),
          status: 'published',
          location: a.location ?? '',
          reference: a.reference ?? '',
          lead_image_id: a.image ? lookup(imageIds, a.image, 'image') : null,
          published_at: a.publishedAt,
          created_at: a.publishedAt,
          updated_at: a.updatedAt ?? a.publishedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      articleIds.set(a.slug, row.id);
      const links = <T extends string>(slugs: T[], ids: Map<string, number>, what: string) =>
        slugs.map((slug, position) => ({ article_id: row.id, id: lookup(ids, slug, what), position }));
      for (const l of links(a.countries, countryIds, 'country')) {
        await trx
          .insertInto('article_countries')
          .values({ article_id: l.article_id, country_id: l.id, position: l.position })
          .execute();
      }
      for (const l of links(a.topics, topicIds, 'topic')) {
        await trx
          .insertInto('article_topics')
          .values({ article_id: l.article_id, topic_id: l.id, position: l.position })
          .execute();
      }
      for (const l of links(a.cases ?? [], caseIds, 'case')) {
        await trx
          .insertInto('article_cases')
          .values({ article_id: l.article_id, case_id: l.id, position: l.position })
          .execute();
      }
      if (a.attachment) {
        const pdf = placeholderPdf(a.attachment.title, `${a.title}. Demo document generated by Candle.`);
        const mediaId = await addDocument(media, pdf, {
          originalName: a.attachment.name,
          mime: 'application/pdf',
        });
        await trx
          .insertInto('article_attachments')
          .values({ article_id: row.id, media_id: mediaId, position: 0 })
          .execute();
      }
    }
    // The demo's own content only: a custom content set has none of its urgent actions.
    if (content === demoContent)
      await loadDemoActions(trx, { articles: articleIds, cases: caseIds }, deps.now());
    // Its French names and translations, after the English they translate (issue 15).
    const french = content === demoContent ? await loadDemoFrench(trx) : { articles: 0 };
    // Every page of every running instance showed the content just replaced.
    await recordPurge(trx, [EVERYTHING], deps.now());
    return {
      articles: content.articles.length + french.articles,
      cases: content.cases.length,
      images: content.images.length,
    };
  });

  // Files of the content just replaced; removed only once the new content is committed.
  const dir = path.join(deps.dataDir, 'media');
  const stale = new Set(oldFiles.map((f) => f.storage_key));
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => stale.has(n.replace(/(-\d+\.webp|\.\w+)$/, '')))
      .map((n) => fs.rm(path.join(dir, n), { force: true })),
  );
  return counts;
}
