import type { ArticleStatus, ArticleType, Db } from '../../src/platform/db/index.js';

export interface FixtureArticle {
  slug: string;
  title: string;
  summary?: string;
  body?: string;
  type?: ArticleType;
  status?: ArticleStatus;
  publishedAt?: string;
  countries?: string[];
}

/** Inserts an article (and its countries, by slug) the way an editor's save would. */
export async function addArticle(db: Db, a: FixtureArticle): Promise<number> {
  const at = a.publishedAt ?? '2021-03-01T10:00:00.000Z';
  const row = await db
    .insertInto('articles')
    .values({
      type: a.type ?? 'news',
      slug: a.slug,
      title: a.title,
      summary: a.summary ?? '',
      body_md: a.body ?? '',
      body_html: '',
      status: a.status ?? 'published',
      location: '',
      reference: '',
      lead_image_id: null,
      published_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [position, slug] of (a.countries ?? []).entries()) {
    const country = await db
      .selectFrom('countries')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('article_countries')
      .values({ article_id: row.id, country_id: country.id, position })
      .execute();
  }
  return row.id;
}

/** A deterministic pseudo-random generator, so the generated archive is the same on every run. */
export function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FILLER = {
  en: 'the government police authorities rights human report torture detention migrants border court law women defenders protest community journalists health land prison security justice families victims investigation'.split(
    ' ',
  ),
  es: 'el gobierno policía autoridades derechos humanos informe tortura detención migrantes frontera tribunal ley mujeres defensoras protesta comunidad periodistas salud tierra cárcel seguridad justicia familias víctimas investigación'.split(
    ' ',
  ),
  fr: 'le gouvernement police autorités droits humains rapport torture détention migrants frontière tribunal loi femmes défenseures manifestation communauté journalistes santé terre prison sécurité justice familles victimes enquête'.split(
    ' ',
  ),
};

/** A small generated archive: items in three languages that share the demo's vocabulary. */
export async function addGeneratedArchive(db: Db, count: number): Promise<void> {
  const random = seeded(42);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const countries = ['mexico', 'guatemala', 'kenya', 'philippines', 'hungary', 'brazil'];
  for (let i = 0; i < count; i++) {
    const lang = pick(['en', 'es', 'fr'] as const);
    const words = (n: number) => Array.from({ length: n }, () => pick(FILLER[lang])).join(' ');
    await addArticle(db, {
      slug: `generated-${i}`,
      title: `${words(6)} ${i}`,
      summary: words(25),
      body: Array.from({ length: 4 }, () => `${words(60)}.`).join('\n\n'),
      type: pick(['news', 'report', 'press-release', 'urgent-action'] as const),
      publishedAt: new Date(Date.UTC(2015 + (i % 7), i % 12, 1 + (i % 27))).toISOString(),
      countries: [pick(countries)],
    });
  }
}
