import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { t } from '../platform/i18n/index.js';
import { POSTED_FROM, postageHint } from './postage.js';

/*
 * The letter channel: the sample letter laid out as a printable PDF, addressed to one target, in
 * the target's language, signed with the name the supporter typed. Nothing is stored: the PDF is
 * made for the request and forgotten. The font is DejaVu Serif, shipped in an npm package, so that
 * "Adrián", "Señor" and "Tamaulipas, México" print as written (the PDF standard fonts have no
 * glyphs beyond Latin-1 and embed none).
 */

export interface LetterTemplate {
  language: string;
  subject: string;
  body: string;
}

/** The template in this language, or one of its family ("es" for "es-MX"), or the first one. */
export function templateFor(templates: readonly LetterTemplate[], language: string): LetterTemplate | null {
  const primary = (l: string) => l.toLowerCase().split('-')[0];
  return (
    templates.find((x) => x.language.toLowerCase() === language.toLowerCase()) ??
    templates.find((x) => primary(x.language) === primary(language)) ??
    templates[0] ??
    null
  );
}

/** What opens a letter when the target has no salutation of their own. */
const NEUTRAL_SALUTATION: Readonly<Record<string, string>> = {
  es: 'A quien corresponda',
  en: 'Dear Sir or Madam',
  fr: 'Madame, Monsieur',
  pt: 'Prezados Senhores',
};

/** "Señor Gobernador:" in Spanish, "Dear Governor," in English: the salutation with its mark. */
export function salutationLine(salutation: string, language: string): string {
  const primary = language.toLowerCase().split('-')[0] ?? '';
  const text = salutation.trim() || NEUTRAL_SALUTATION[primary] || NEUTRAL_SALUTATION.en!;
  if (/[,:;!.]$/.test(text)) return text;
  return `${text}${primary === 'es' ? ':' : ','}`;
}

/** The date a letter carries, as its reader writes it ("3 de diciembre de 2026"), in their zone. */
export function letterDate(at: Date, language: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(at);
  }
}

export interface LetterInput {
  /** "UA 87/20", or null before numbering. */
  reference: string | null;
  target: {
    /** Honorific and name: "Ing. Jaime Bonilla Valdez". */
    name: string;
    title: string;
    body: string;
    postalAddress: string;
    salutation: string;
    language: string;
    timeZone: string;
    countryCode: string;
  };
  template: LetterTemplate;
  supporter: { name: string; city: string; country: string };
  now: Date;
}

/** The letter's parts, in reading order: what the PDF prints and a test can read back. */
export function letterParts(input: LetterInput) {
  const { target, template, supporter } = input;
  const place = [supporter.city, supporter.country].filter((x) => x !== '').join(', ');
  const hint = postageHint(target.countryCode);
  return {
    date: letterDate(input.now, target.language, target.timeZone),
    addressee: [target.name, target.title, target.body, ...target.postalAddress.split('\n')]
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    subject: template.subject.trim(),
    salutation: salutationLine(target.salutation, target.language),
    paragraphs: template.body
      .replace(/\r\n?/g, '\n')
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    signature: [supporter.name, place].filter((x) => x !== ''),
    postage: t(`letter.postage.${hint.zone}`, { amount: hint.amount, from: t('letter.postage.from') }),
    reference: input.reference,
  };
}

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** Read once, at the first letter: a server that never prints one never reads them. */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf')),
  };
  return fonts;
}

/** The letter as a PDF on North American letter paper (supporters post from {@link POSTED_FROM}). */
export async function letterPdf(input: LetterInput): Promise<Buffer> {
  // pdfkit reads its own data files from beside its code: loaded from node_modules, when needed.
  const { default: PDFDocument } = await import('pdfkit');
  const parts = letterParts(input);
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: {
      Title: parts.subject || t('letter.pdfTitle'),
      Subject: parts.reference ?? '',
      Creator: 'Candle',
      CreationDate: input.now,
    },
    lang: input.target.language,
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('letter', regular);
  doc.registerFont('letter-bold', bold);
  const width = doc.page.width - 144;
  doc.font('letter').fontSize(11);
  doc.text(parts.date, { align: 'right', width });
  doc.moveDown(2);
  for (const line of parts.addressee) doc.text(line, { width });
  doc.moveDown(2);
  if (parts.subject) {
    doc.font('letter-bold').text(parts.subject, { width });
    doc.font('letter').moveDown(1);
  }
  doc.text(parts.salutation, { width });
  doc.moveDown(1);
  for (const p of parts.paragraphs) {
    doc.text(p, { width, align: 'left', lineGap: 2 });
    doc.moveDown(0.8);
  }
  doc.moveDown(2);
  for (const line of parts.signature) doc.text(line, { width });
  doc.moveDown(3);
  doc.fontSize(8).fillColor('#555555');
  doc.text(parts.postage, { width });
  if (parts.reference) doc.text(t('letter.referenceNote', { reference: parts.reference }), { width });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** "letter-ua-87-20-jaime-bonilla-valdez.pdf": ASCII, so every browser saves it as named. */
export function letterFilename(reference: string | null, targetName: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = ['letter', reference ? slug(reference) : '', slug(targetName).slice(0, 60)].filter(Boolean);
  return `${parts.join('-')}.pdf`;
}
