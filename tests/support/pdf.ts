/**
 * The text of a PDF, page after page, as a reader's viewer extracts it (pdf.js): what a test reads
 * back from a generated letter. Lines end where the PDF's text does. (pdf.js takes the bytes as its
 * own: it is given a copy, never a Buffer that Node may share with others.)
 */
export async function pdfText(data: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false }).promise;
  let out = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      out += item.str + (item.hasEOL ? '\n' : '');
    }
    out += '\n';
  }
  await doc.destroy();
  return out;
}

/** The document's information dictionary (title, subject). */
export async function pdfInfo(data: Uint8Array): Promise<Record<string, unknown>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false }).promise;
  const meta = await doc.getMetadata();
  await doc.destroy();
  return meta.info as Record<string, unknown>;
}
