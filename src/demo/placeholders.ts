import type { DemoImage } from './types.js';

/** Draws a placeholder picture: a diagonal gradient with soft shapes, no text and no real person. */
export async function placeholderImage(image: DemoImage): Promise<Buffer> {
  const [w, h] = image.shape === 'portrait' ? [900, 1100] : [1600, 900];
  const [a, b] = image.colours;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
    <rect width="${w}" height="${h}" fill="url(#g)"/>
    <circle cx="${w * 0.72}" cy="${h * 0.38}" r="${Math.min(w, h) * 0.22}" fill="#ffffff" fill-opacity="0.16"/>
    <circle cx="${w * 0.25}" cy="${h * 0.8}" r="${Math.min(w, h) * 0.35}" fill="#000000" fill-opacity="0.12"/>
    <path d="M${w * 0.46} ${h * 0.62} q ${w * 0.02} -${h * 0.12} 0 -${h * 0.2} q -${w * 0.02} ${h * 0.08} 0 ${h * 0.2}z"
      fill="#ffd23f" fill-opacity="0.85"/>
    <rect x="${w * 0.44}" y="${h * 0.62}" width="${w * 0.04}" height="${h * 0.22}" rx="6" fill="#ffffff" fill-opacity="0.8"/>
  </svg>`;
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** A one-page PDF with a title and a line of text, written by hand so the demo needs no PDF library. */
export function placeholderPdf(title: string, line: string): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 20 Tf 72 720 Td (${esc(title)}) Tj ET\nBT /F1 12 Tf 72 690 Td (${esc(line)}) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
