import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaProblemsForPublishing } from '../../src/media/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let author: Session;
let editor: Session;

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'author');
  await makeUser(t.db, 'editor');
  author = await logIn(t.app, 'author@candle.test');
  editor = await logIn(t.app, 'editor@candle.test');
});
afterAll(async () => {
  await t?.close();
});

interface FilePart {
  field?: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as a browser sends it: text fields, then the file. */
function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = `----candle${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(session: Session | null, url: string, fields: Record<string, string>, file?: FilePart) {
  const body = multipart(fields, file);
  const csrf = session ? `${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(session.csrf)}` : '';
  return t.app.inject({
    method: 'POST',
    url: `${url}${csrf}`,
    headers: {
      'content-type': body.contentType,
      'sec-fetch-site': 'same-origin',
      ...(session ? { cookie: session.cookie } : {}),
    },
    payload: body.payload,
  });
}

/** A field photo as a phone saves it: EXIF with the camera and the GPS position. */
const fieldPhoto = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 90, g: 120, b: 60 } } })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'FieldCam', Model: 'X1', Artist: 'Marta Velasco' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '25/1 52/1 0/1',
        GPSLongitudeRef: 'W',
        GPSLongitude: '97/1 30/1 0/1',
      },
    })
    .toBuffer();

const smallPng = (colour = { r: 20, g: 20, b: 200 }) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .png()
    .toBuffer();

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

const mediaCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const mediaFiles = async () => (await fs.readdir(path.join(t.dataDir, 'media'))).sort();
const idFrom = (location: unknown) => Number(/^\/admin\/media\/(\d+)/.exec(String(location))?.[1]);
const row = (id: number) => t.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();

describe(`the media library on ${dialectUnderTest}`, () => {
  it('refuses the anonymous: the page sends them to log in, an upload stores nothing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/admin/media' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/admin\/login\?next=/);
    const before = await mediaCount();
    const res = await upload(
      null,
      '/admin/media',
      { alt: 'x' },
      { name: 'a.png', type: 'image/png', bytes: await smallPng() },
    );
    expect(res.statusCode).toBe(401);
    expect(await mediaCount()).toBe(before);
  });

  it('refuses a multipart upload without the CSRF token in its address', async () => {
    const body = multipart({ alt: 'A field' }, { name: 'a.png', type: 'image/png', bytes: await smallPng() });
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/media',
      headers: { cookie: author.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
  });

  it('shows the upload form to an author, with the token in the form’s address', async () => {
    const res = await author.get('/admin/media');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toContain(`action="/admin/media?_csrf=${encodeURIComponent(author.csrf)}"`);
  });

  it('lets an author upload a photo; the variants carry no EXIF and no GPS position', async () => {
    const photo = await fieldPhoto();
    // The GPS IFD pointer (tag 0x8825) is in the original.
    expect((await sharp(photo).metadata()).exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    const res = await upload(
      author,
      '/admin/media',
      {
        alt: 'Relatives hold photographs of the disappeared',
        caption: 'A vigil in Matamoros',
        credit: 'Marta Velasco',
      },
      { name: 'IMG_0042.jpg', type: 'image/jpeg', bytes: photo },
    );
    expect(res.statusCode).toBe(303);
    const id = idFrom(res.headers.location);
    const stored = await row(id);
    expect(stored).toMatchObject({
      kind: 'image',
      original_name: 'IMG_0042.jpg',
      width: 1600,
      height: 1200,
      variant_widths: '480,960,1440',
      alt: 'Relatives hold photographs of the disappeared',
      caption: 'A vigil in Matamoros',
      credit: 'Marta Velasco',
    });
    for (const w of [480, 960, 1440]) {
      const file = path.join(t.dataDir, 'media', `${stored!.storage_key}-${w}.webp`);
      const meta = await sharp(file).metadata();
      expect(meta.width).toBe(w);
      expect(meta.exif).toBeUndefined();
      const served = await t.app.inject({ method: 'GET', url: `/media/${stored!.storage_key}-${w}.webp` });
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.includes(Buffer.from('FieldCam'))).toBe(false);
    }
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'media')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['media.upload']);
    expect(JSON.parse(audit[0]!.after_json ?? '{}').alt).toBe(
      'Relatives hold photographs of the disappeared',
    );

    const page = await author.get(`/admin/media/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('A vigil in Matamoros');
    const list = await author.get('/admin/media');
    expect(list.body).toContain(`href="/admin/media/${id}"`);
  });

  it('makes AVIF variants in the background and offers them before WebP', async () => {
    const res = await upload(
      author,
      '/admin/media',
      { alt: 'A vigil with candles at dusk', caption: '', credit: 'Candle demo' },
      { name: 'vigil.jpg', type: 'image/jpeg', bytes: await fieldPhoto() },
    );
    const id = idFrom(res.headers.location);
    expect((await row(id))?.avif_widths).toBe('');
    const article = await t.db
      .selectFrom('articles')
      .select(['id', 'slug'])
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('articles').set({ lead_image_id: id }).where('id', '=', article.id).execute();
    t.cache.clear();
    expect((await t.app.inject({ method: 'GET', url: `/articles/${article.slug}` })).body).not.toContain(
      'image/avif',
    );

    expect(await t.worker.runDue()).toBeGreaterThanOrEqual(1);
    const stored = await row(id);
    expect(stored?.avif_widths).toBe('480,960,1440');
    const files = await mediaFiles();
    for (const w of [480, 960, 1440]) expect(files).toContain(`${stored?.storage_key}-${w}.avif`);
    // The job purged the article that shows the image: its next render offers AVIF first.
    const page = await t.app.inject({ method: 'GET', url: `/articles/${article.slug}` });
    expect(page.body).toMatch(/<picture><source type="image\/avif" srcset="\/media\/[^"]+-480\.avif 480w/);
    const avif = await t.app.inject({ method: 'GET', url: `/media/${stored?.storage_key}-480.avif` });
    expect(avif.headers['content-type']).toBe('image/avif');
    expect((await sharp(avif.rawPayload).metadata()).format).toBe('heif');
  });

  it('keeps the words typed beside an upload when the session has ended or the token is stale', async () => {
    const typed = { alt: 'Words typed before the session ended', caption: 'A caption', credit: 'Someone' };
    const file = { name: 'late.jpg', type: 'image/jpeg', bytes: await fieldPhoto() };
    const ended = await upload(null, '/admin/media', typed, file);
    expect(ended.statusCode).toBe(401);
    expect(ended.body).toContain('Words typed before the session ended');

    const stale = await upload({ ...author, csrf: 'stale-token' }, '/admin/media', typed, file);
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('value="Words typed before the session ended"');
    // Sent again from that page (as a plain form, the file cannot follow): the upload form comes
    // back with the words in place and asks for the file.
    const again = await author.post('/admin/media', typed);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Words typed before the session ended');
    expect(again.body).toContain('value="Someone"');
  });

  it('accepts a PDF without alt text', async () => {
    const res = await upload(
      author,
      '/admin/media',
      { caption: 'The full report' },
      {
        name: 'report.pdf',
        type: 'application/pdf',
        bytes: pdf,
      },
    );
    expect(res.statusCode).toBe(303);
    const stored = await row(idFrom(res.headers.location));
    expect(stored).toMatchObject({ kind: 'document', mime: 'application/pdf', bytes: pdf.length });
    expect(await fs.readFile(path.join(t.dataDir, 'media', `${stored!.storage_key}.pdf`))).toEqual(pdf);
  });

  it('refuses a script named .jpg with the message beside the field, keeping what was typed', async () => {
    const before = { rows: await mediaCount(), files: await mediaFiles() };
    const res = await upload(
      author,
      '/admin/media',
      { alt: 'Protesters & police', caption: 'Caption <kept>', credit: 'Ana “Credit”' },
      { name: 'photo.jpg', type: 'image/jpeg', bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') },
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<p class="field__error" id="field-file-error">This file is not a JPEG/);
    expect(res.body).toContain('aria-invalid="true"');
    expect(res.body).toContain('<a href="#field-file">');
    expect(res.body).toContain('>Protesters &amp; police</textarea>');
    expect(res.body).toContain('>Caption &lt;kept></textarea>');
    expect(res.body).toContain('value="Ana “Credit”"');
    expect(await mediaCount()).toBe(before.rows);
    expect(await mediaFiles()).toEqual(before.files);
  });

  it('refuses an SVG with a script, a truncated JPEG and an image without alt text, leaving nothing', async () => {
    const before = { rows: await mediaCount(), files: await mediaFiles() };
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const svgRes = await upload(
      author,
      '/admin/media',
      { alt: 'x' },
      { name: 'a.svg', type: 'image/svg+xml', bytes: svg },
    );
    expect(svgRes.statusCode).toBe(400);
    expect(svgRes.body).toContain('Files are checked by their content');

    const jpeg = await fieldPhoto();
    const cut = await upload(
      author,
      '/admin/media',
      { alt: 'x' },
      {
        name: 'cut.jpg',
        type: 'image/jpeg',
        bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      },
    );
    expect(cut.statusCode).toBe(400);
    expect(cut.body).toContain('damaged or incomplete');

    const noAlt = await upload(
      author,
      '/admin/media',
      { caption: 'Kept caption' },
      {
        name: 'a.png',
        type: 'image/png',
        bytes: await smallPng(),
      },
    );
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toMatch(/id="field-alt-error">Enter the alt text/);
    expect(noAlt.body).toContain('>Kept caption</textarea>');

    const nothing = await upload(author, '/admin/media', { alt: 'x' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Choose a file to upload.');

    expect(await mediaCount()).toBe(before.rows);
    expect(await mediaFiles()).toEqual(before.files);
  });

  it('refuses files over the limits', async () => {
    const bigImage = Buffer.alloc(20 * 1024 * 1024 + 10);
    bigImage.set([0xff, 0xd8, 0xff, 0xe0]);
    const tooBig = await upload(
      author,
      '/admin/media',
      { alt: 'x' },
      { name: 'big.jpg', type: 'image/jpeg', bytes: bigImage },
    );
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.body).toContain('larger than 20 MB');

    const hugePdf = Buffer.alloc(25 * 1024 * 1024 + 10);
    hugePdf.write('%PDF-1.4\n', 0, 'latin1');
    const truncated = await upload(
      author,
      '/admin/media',
      {},
      { name: 'huge.pdf', type: 'application/pdf', bytes: hugePdf },
    );
    expect(truncated.statusCode).toBe(400);
    expect(truncated.body).toContain('25 MB for PDFs');
  });

  it('changes alt text, caption and credit with an audit entry and purges the pages showing the image', async () => {
    const article = await t.db
      .selectFrom('articles')
      .select(['id', 'slug', 'lead_image_id'])
      .where('status', '=', 'published')
      .where('lead_image_id', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const id = article.lead_image_id!;
    const before = await row(id);
    const purgesBefore = await t.db.selectFrom('cache_purges').select('keys').execute();
    const res = await editor.post(`/admin/media/${id}`, {
      alt: 'A new description',
      caption: 'A corrected caption',
      credit: 'A corrected credit',
    });
    expect(res.statusCode).toBe(303);
    expect(await row(id)).toMatchObject({ alt: 'A new description', caption: 'A corrected caption' });
    const purges = (await t.db.selectFrom('cache_purges').select('keys').execute()).slice(
      purgesBefore.length,
    );
    // The article's page names the picture's key (media-purge.test.ts follows it to the pages).
    expect(purges.flatMap((p) => p.keys.split(' '))).toContain(`media:${id}`);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'media.describe')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json ?? '{}').caption).toBe(before!.caption);
    expect(JSON.parse(audit.after_json ?? '{}').caption).toBe('A corrected caption');

    const cleared = await editor.post(`/admin/media/${id}`, { alt: '  ', caption: 'Still here', credit: '' });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.body).toContain('id="field-alt-error"');
    expect(cleared.body).toContain('>Still here</textarea>');
    expect((await row(id))!.alt).toBe('A new description');
  });

  it('replaces a file: same id, new storage key, old files gone', async () => {
    const created = await upload(
      author,
      '/admin/media',
      { alt: 'Blue' },
      { name: 'blue.png', type: 'image/png', bytes: await smallPng() },
    );
    const id = idFrom(created.headers.location);
    const old = (await row(id))!;
    const res = await upload(
      author,
      `/admin/media/${id}/file`,
      {},
      {
        field: 'replacement',
        name: 'green.png',
        type: 'image/png',
        bytes: await smallPng({ r: 20, g: 200, b: 20 }),
      },
    );
    expect(res.statusCode).toBe(303);
    const now = (await row(id))!;
    expect(now.storage_key).not.toBe(old.storage_key);
    expect(now).toMatchObject({ original_name: 'green.png', alt: 'Blue' });
    const files = await mediaFiles();
    expect(files.some((f) => f.startsWith(old.storage_key))).toBe(false);
    expect(files).toContain(`${now.storage_key}-480.webp`);

    const wrong = await upload(
      author,
      `/admin/media/${id}/file`,
      {},
      {
        field: 'replacement',
        name: 'x.pdf',
        type: 'application/pdf',
        bytes: pdf,
      },
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Replace an image with an image');
    expect((await row(id))!.storage_key).toBe(now.storage_key);
  });

  it('warns before deleting an image in use, asks to confirm, then takes it off every page', async () => {
    const article = await t.db
      .selectFrom('articles')
      .select(['id', 'title', 'lead_image_id'])
      .where('lead_image_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const id = article.lead_image_id!;
    const stored = (await row(id))!;

    expect((await author.get(`/admin/media/${id}/delete`)).statusCode).toBe(403);
    const warning = await editor.get(`/admin/media/${id}/delete`);
    expect(warning.statusCode).toBe(200);
    expect(warning.body).toContain('notice--warning');
    expect(warning.body).toContain(`href="/admin/articles/${article.id}"`);

    const unconfirmed = await editor.post(`/admin/media/${id}/delete`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(await row(id)).toBeDefined();

    const res = await editor.post(`/admin/media/${id}/delete`, { confirm: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(await row(id)).toBeUndefined();
    const after = await t.db
      .selectFrom('articles')
      .select('lead_image_id')
      .where('id', '=', article.id)
      .executeTakeFirstOrThrow();
    expect(after.lead_image_id).toBeNull();
    expect((await mediaFiles()).some((f) => f.startsWith(stored.storage_key))).toBe(false);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'media.delete')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json ?? '{}').usedIn.length).toBeGreaterThan(0);
  });

  it('names the images that lack alt text before publishing', async () => {
    const withAlt = await upload(
      author,
      '/admin/media',
      { alt: 'Described' },
      { name: 'ok.png', type: 'image/png', bytes: await smallPng() },
    );
    const okId = idFrom(withAlt.headers.location);
    const bare = await t.db
      .insertInto('media')
      .values({
        kind: 'image',
        storage_key: 'legacy-000000000000',
        original_name: 'legacy.jpg',
        mime: 'image/webp',
        bytes: 1,
        width: 1,
        height: 1,
        variant_widths: '',
        alt: ' ',
        caption: '',
        credit: '',
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await mediaProblemsForPublishing(t.db, [okId])).toEqual([]);
    const problems = await mediaProblemsForPublishing(t.db, [okId, bare.id, 999_999]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('legacy.jpg');
    expect(problems[1]).toContain('999999');
  });
});
