import fs from 'node:fs';
import { deflateSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentView } from '../../src/media/index.js';
import { readPdfDetails } from '../../src/media/pdf.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { type FilePart, mediaIdFrom, pngFile, storedFiles, uploadAs } from '../support/media.js';

let t: TestApp;
let editor: Session;

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

// ——— PDFs written by hand, in the shapes writers produce ———

/** A PDF with a classic cross-reference table; `objects[i]` is the body of object i + 1. */
function classicPdf(objects: string[], trailer: string): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF 1.5 file: every object but the streams packed in a compressed object stream, a cross-reference stream for a trailer. */
function packedPdf(packed: Record<number, string>, trailer: string): Buffer {
  const nums = Object.keys(packed).map(Number);
  let bodies = '';
  const pairs: string[] = [];
  for (const n of nums) {
    pairs.push(`${n} ${bodies.length}`);
    bodies += `${packed[n]}\n`;
  }
  const header = `${pairs.join(' ')}\n`;
  const data = deflateSync(Buffer.from(header + bodies, 'latin1'));
  const xrefData = deflateSync(Buffer.alloc(40, 1));
  return Buffer.concat([
    Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
    Buffer.from(
      `90 0 obj\n<< /Type /ObjStm /N ${nums.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
      'latin1',
    ),
    data,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
    Buffer.from(
      `91 0 obj\n<< /Type /XRef /Size 92 /W [1 2 1] ${trailer} /Filter /FlateDecode /Length ${xrefData.length} >>\nstream\n`,
      'latin1',
    ),
    xrefData,
    Buffer.from('\nendstream\nendobj\nstartxref\n0\n%%EOF\n', 'latin1'),
  ]);
}

/** A PDF text string in UTF-16BE with its byte-order mark, written as a hex string. */
const utf16 = (text: string) =>
  `<FEFF${Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>';

/** Three pages in a two-level tree, and a title with escapes and a PDFDocEncoding accent. */
const report = classicPdf(
  [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 >>',
    page,
    page,
    page,
    '<< /Title (Annual report \\(2020\\): Mexico, Yucat\\341n) /Producer (hand) >>',
  ],
  '/Root 1 0 R /Info 7 0 R',
);

const pdfFile = (bytes: Buffer, name = 'report.pdf'): FilePart => ({ name, type: 'application/pdf', bytes });

async function upload(file: FilePart, fields: Record<string, string> = {}) {
  return uploadAs(t.app, editor, '/admin/media', fields, file);
}
const row = (id: number) =>
  t.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const mediaCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('media')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`documents on ${dialectUnderTest}`, () => {
  it('serves an uploaded PDF as a download under its own name, typed strictly and sandboxed', async () => {
    const res = await upload(pdfFile(report, "Informe anual – ñandú (2020) l'été*.pdf"));
    expect(res.statusCode).toBe(303);
    const stored = await row(mediaIdFrom(res.headers.location));
    expect(stored.original_name).toBe("Informe anual – ñandú (2020) l'été*.pdf");
    const file = await t.app.inject({ method: 'GET', url: `/media/${stored.storage_key}.pdf` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(report)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Informe anual _ nandu (2020) l_ete_.pdf"; filename*=UTF-8''Informe%20anual%20%E2%80%93%20%C3%B1and%C3%BA%20%282020%29%20l%27%C3%A9t%C3%A9%2A.pdf`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(String(file.headers['content-security-policy'])).toMatch(/^sandbox;/);

    // A name with nothing ASCII in it, or without the extension, still downloads as a PDF.
    const cyrillic = await upload(pdfFile(report, 'Доклад'));
    const key = (await row(mediaIdFrom(cyrillic.headers.location))).storage_key;
    const named = await t.app.inject({ method: 'GET', url: `/media/${key}.pdf` });
    expect(named.headers['content-disposition']).toBe(
      `attachment; filename="document.pdf"; filename*=UTF-8''%D0%94%D0%BE%D0%BA%D0%BB%D0%B0%D0%B4.pdf`,
    );
  });

  it('keeps serving images inline under the site’s policy', async () => {
    const res = await uploadAs(t.app, editor, '/admin/media', { alt: 'Blue' }, await pngFile());
    const stored = await row(mediaIdFrom(res.headers.location));
    const image = await t.app.inject({ method: 'GET', url: `/media/${stored.storage_key}-480.webp` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-disposition']).toBeUndefined();
    expect(String(image.headers['content-security-policy'])).not.toContain('sandbox');
  });

  it('records the page count and title at upload and shows them in the library', async () => {
    const res = await upload(pdfFile(report));
    const id = mediaIdFrom(res.headers.location);
    const stored = await row(id);
    expect(stored).toMatchObject({
      page_count: 3,
      document_title: 'Annual report (2020): Mexico, Yucatán',
    });
    expect(documentView(stored)).toMatchObject({ pages: 3, title: 'Annual report (2020): Mexico, Yucatán' });
    const page = await editor.get(`/admin/media/${id}`);
    expect(page.body).toContain('PDF document, 3 pages');
    expect(page.body).toContain('Title in the file: “Annual report (2020): Mexico, Yucatán”');
    const library = await editor.get('/admin/media?kind=document');
    expect(library.body).toContain('PDF document, 3 pages');
  });

  it('reads compressed object streams, Unicode titles and incremental updates', async () => {
    const packed = packedPdf(
      {
        1: '<< /Type /Catalog /Pages 2 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
        3: page,
        4: page,
        7: `<< /Title ${utf16('Informe — México ✓')} >>`,
      },
      '/Root 1 0 R /Info 7 0 R',
    );
    expect(readPdfDetails(packed)).toEqual({ pageCount: 2, title: 'Informe — México ✓' });

    // An update appended to the file: a third page and a new title win over the packed objects.
    const update = Buffer.from(
      `2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R 8 0 R] /Count 3 >>\nendobj\n8 0 obj\n${page}\nendobj\n` +
        '7 0 obj\n<< /Title (Updated) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 7 0 R /Prev 0 >>\nstartxref\n0\n%%EOF\n',
      'latin1',
    );
    const updated = Buffer.concat([packed, update]);
    expect(readPdfDetails(updated)).toEqual({ pageCount: 3, title: 'Updated' });

    const res = await upload(pdfFile(updated, 'updated.pdf'));
    expect(await row(mediaIdFrom(res.headers.location))).toMatchObject({
      page_count: 3,
      document_title: 'Updated',
    });
  });

  it('never fails on a malformed PDF: the page count is unknown, the upload is kept', async () => {
    const garbage = Buffer.concat([
      Buffer.from('%PDF-1.7\n', 'latin1'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      Buffer.from('\n%%EOF\n', 'latin1'),
    ]);
    const res = await upload(pdfFile(garbage, 'garbage.pdf'));
    expect(res.statusCode).toBe(303);
    const stored = await row(mediaIdFrom(res.headers.location));
    expect(stored).toMatchObject({ kind: 'document', page_count: null, document_title: '' });
    const page = await editor.get(`/admin/media/${stored.id}`);
    expect(page.body).toContain('PDF document, pages unknown');
    expect(documentView(stored)).toMatchObject({ pages: null, title: '' });
  });

  it('reads hostile and broken structures without throwing, wrong counts or long waits', () => {
    const tree = (kids: string, extra: string[] = []) =>
      classicPdf(
        ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count 9 >>`, page, ...extra],
        '/Root 1 0 R',
      );
    // A page tree that contains itself, a missing page, and a /Count that lies.
    expect(readPdfDetails(tree('3 0 R 2 0 R')).pageCount).toBeNull();
    expect(readPdfDetails(tree('3 0 R 9 0 R')).pageCount).toBeNull();
    expect(readPdfDetails(tree('3 0 R')).pageCount).toBe(1);
    // The same page listed twice is a broken tree, not two pages.
    expect(readPdfDetails(tree('3 0 R 3 0 R')).pageCount).toBeNull();
    // No trailer at all: the catalogue is found by its type, as a repairing reader would.
    const noTrailer = Buffer.from(
      tree('3 0 R')
        .toString('latin1')
        .replace(/trailer[\s\S]*$/, '%%EOF\n'),
      'latin1',
    );
    expect(readPdfDetails(noTrailer).pageCount).toBe(1);
    // An encrypted file's strings are encrypted: no title, but the page count is plain.
    const encrypted = classicPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        page,
        '<< /Title (x\\223\\001) >>',
        '<< /Filter /Standard >>',
      ],
      '/Root 1 0 R /Info 4 0 R /Encrypt 5 0 R',
    );
    expect(readPdfDetails(encrypted)).toEqual({ pageCount: 1, title: '' });
    // A compressed object stream cut short, references that loop, junk values, deep nesting.
    const packed = packedPdf(
      { 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [] >>' },
      '/Root 1 0 R',
    );
    const cut = Buffer.from(
      packed.toString('latin1').replace(/(stream\n[\s\S]{6})[\s\S]*?(\nendstream)/, '$1$2'),
      'latin1',
    );
    expect(readPdfDetails(cut).pageCount).toBeNull();
    expect(readPdfDetails(classicPdf(['2 0 R', '1 0 R'], '/Root 1 0 R /Info 2 0 R'))).toEqual({
      pageCount: null,
      title: '',
    });
    expect(readPdfDetails(classicPdf(['<< /Pages (unterminated >>'], '/Root 1 0 R')).pageCount).toBeNull();
    expect(
      readPdfDetails(
        Buffer.from(`%PDF-1.4\n1 0 obj ${'<<'.repeat(100_000)}\ntrailer << /Root 1 0 R >>\n%%EOF`, 'latin1'),
      ),
    ).toEqual({
      pageCount: null,
      title: '',
    });
    expect(readPdfDetails(Buffer.alloc(0))).toEqual({ pageCount: null, title: '' });
    // Control characters and runs of spaces in a title go; a very long one is cut.
    const long = classicPdf(
      [
        '<< /Type /Catalog /Pages 2 0 R >>',
        '<< /Type /Pages /Kids [] /Count 0 >>',
        `<< /Title (A\\r\\n\\001  B ${'x'.repeat(400)}) >>`,
      ],
      '/Root 1 0 R /Info 3 0 R',
    );
    const read = readPdfDetails(long);
    expect(read.pageCount).toBe(0);
    expect(read.title.startsWith('A B xxx')).toBe(true);
    expect(Array.from(read.title)).toHaveLength(300);

    // Thousands of trailers, each reading to the end of the file: the work is bounded.
    const started = Date.now();
    const hostile = Buffer.from(
      `%PDF-1.4\n${'trailer<</A[1 1 1 1 1 1 1 1 '.repeat(200_000)}\n%%EOF`,
      'latin1',
    );
    expect(readPdfDetails(hostile)).toEqual({ pageCount: null, title: '' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

// ——— A full disk ———

const realWriteFile = fs.promises.writeFile;

/** Every file write goes to /dev/full, where the kernel answers ENOSPC: a real failure, not a mock error. */
function diskFull() {
  return vi
    .spyOn(fs.promises, 'writeFile')
    .mockImplementation((_target, data, options) => realWriteFile('/dev/full', data, options));
}

const typed = {
  alt: 'Protesters at the gate',
  caption: 'Matamoros, 3 June «draft»',
  credit: 'Marta Velasco',
};

function expectTypedKept(body: string) {
  expect(body).toContain('The server cannot save files right now');
  expect(body).toContain('>Protesters at the gate</textarea>');
  expect(body).toContain('>Matamoros, 3 June «draft»</textarea>');
  expect(body).toContain('value="Marta Velasco"');
}

describe(`a full disk on ${dialectUnderTest}`, () => {
  it('re-shows the upload form with what was typed when a PDF cannot be written (ENOSPC)', async () => {
    const before = { rows: await mediaCount(), files: await storedFiles(t.dataDir) };
    const spy = diskFull();
    const res = await upload(pdfFile(report), typed);
    expect(spy).toHaveBeenCalled();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expectTypedKept(res.body);
    expect(res.body).toContain(`action="/admin/media?_csrf=`);
    spy.mockRestore();
    expect(await mediaCount()).toBe(before.rows);
    expect(await storedFiles(t.dataDir)).toEqual(before.files);

    // Space again: the same upload goes through.
    expect((await upload(pdfFile(report), typed)).statusCode).toBe(303);
  });

  it('does the same for an image, leaving no variant behind', async () => {
    const before = { rows: await mediaCount(), files: await storedFiles(t.dataDir) };
    diskFull();
    const res = await uploadAs(t.app, editor, '/admin/media', typed, await pngFile({ r: 1, g: 2, b: 3 }));
    expect(res.statusCode).toBe(503);
    expectTypedKept(res.body);
    expect(await mediaCount()).toBe(before.rows);
    expect(await storedFiles(t.dataDir)).toEqual(before.files);
  });

  it('keeps the current file when a replacement cannot be written', async () => {
    const created = await upload(pdfFile(report));
    const id = mediaIdFrom(created.headers.location);
    const old = await row(id);
    diskFull();
    const res = await uploadAs(
      t.app,
      editor,
      `/admin/media/${id}/file`,
      {},
      { ...pdfFile(report, 'new.pdf'), field: 'replacement' },
    );
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('The current file is unchanged');
    expect(await row(id)).toEqual(old);
  });

  it('re-shows the upload form when the database is full while recording it', async () => {
    const existing = mediaIdFrom((await upload(pdfFile(report))).headers.location);
    const before = { rows: await mediaCount(), files: await storedFiles(t.dataDir) };
    const restore = await fillDatabase();
    try {
      const res = await upload(pdfFile(report), { ...typed, caption: `${typed.caption} ${'z'.repeat(900)}` });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('The server cannot save files right now');
      expect(res.body).toContain('value="Marta Velasco"');
      // The file written before the insert failed is gone again.
      expect(await storedFiles(t.dataDir)).toEqual(before.files);

      // Details typed on an item's page are kept the same way.
      const caption = `A corrected caption ${'y'.repeat(900)}`;
      const details = await editor.post(`/admin/media/${existing}`, { caption, credit: 'Ana' });
      expect(details.statusCode).toBe(503);
      expect(details.body).toContain('The server cannot save right now');
      expect(details.body).toContain(`>${caption}</textarea>`);
      expect(details.body).toContain('value="Ana"');
      expect((await row(existing)).caption).toBe('');
    } finally {
      await restore();
    }
    expect(await mediaCount()).toBe(before.rows);
  });
});

/**
 * Makes the real database refuse the next media row for want of space, and returns how to undo it.
 * PostgreSQL: a trigger raising SQLSTATE 53100 (disk_full), as a full tablespace does. SQLite: the
 * file may not grow (max_page_count) and the media table's last page is nearly full, so the row
 * needs a page SQLite may not add: SQLITE_FULL.
 */
async function fillDatabase(): Promise<() => Promise<void>> {
  if (dialectUnderTest === 'postgres') {
    await sql`create function media_disk_full() returns trigger language plpgsql as $$
      begin raise exception 'could not extend file: wrote only 4096 of 8192 bytes' using errcode = 'disk_full'; end $$`.execute(
      t.db,
    );
    await sql`create trigger media_disk_full before insert or update on media for each row execute function media_disk_full()`.execute(
      t.db,
    );
    return async () => {
      await sql`drop trigger media_disk_full on media`.execute(t.db);
      await sql`drop function media_disk_full()`.execute(t.db);
    };
  }
  const filler = (n: number) => ({
    kind: 'document' as const,
    storage_key: `filler-${n}`,
    original_name: 'filler',
    mime: 'application/pdf',
    bytes: 1,
    width: null,
    height: null,
    variant_widths: '',
    alt: '',
    caption: 'f'.repeat(3000),
    credit: '',
    created_at: new Date().toISOString(),
  });
  // Two rows too large to share a page: the last page of the table holds one, with little room left.
  await t.db
    .insertInto('media')
    .values([filler(1), filler(2)])
    .execute();
  await sql`vacuum`.execute(t.db);
  const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(t.db)).rows[0]!.page_count;
  await sql.raw(`pragma max_page_count = ${pages}`).execute(t.db);
  return async () => {
    await sql.raw('pragma max_page_count = 4294967294').execute(t.db);
    await t.db.deleteFrom('media').where('storage_key', 'like', 'filler-%').execute();
  };
}
