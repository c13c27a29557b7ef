import { createHash, type KeyObject, verify } from 'node:crypto';

/**
 * Checks a message's DKIM-Signature as a receiver would (RFC 6376, relaxed/relaxed, rsa-sha256,
 * the only form Candle sends), with the public key the DNS record publishes. Small on purpose: it
 * is here so a test fails when the signature would not verify, not to be a general verifier.
 * Returns the signature's tags, or throws saying what does not match.
 */
export function verifyDkim(raw: Buffer, publicKey: KeyObject): Record<string, string> {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('no blank line between headers and body');
  const headerLines = text
    .slice(0, split + 2)
    .split(/\r\n(?![ \t])/)
    .filter(Boolean);
  const body = text.slice(split + 4);

  const signatureLine = headerLines.find((h) => /^dkim-signature:/i.test(h));
  if (!signatureLine) throw new Error('no DKIM-Signature header');
  const tags = Object.fromEntries(
    signatureLine
      .slice(signatureLine.indexOf(':') + 1)
      .split(';')
      .map((t) => t.replace(/\s+/g, ''))
      .filter(Boolean)
      .map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]),
  );
  if (tags.a !== 'rsa-sha256' || tags.c !== 'relaxed/relaxed')
    throw new Error(`unexpected a=${tags.a} c=${tags.c}`);

  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
  if (bodyHash !== tags.bh) throw new Error(`body hash ${bodyHash} is not bh=${tags.bh}`);

  // Each name in h= takes the last not yet used header of that name (RFC 6376 5.4.2).
  const remaining = headerLines.filter((h) => h !== signatureLine);
  let signed = '';
  for (const name of (tags.h ?? '').split(':')) {
    const index = remaining.findLastIndex(
      (h) => h.slice(0, h.indexOf(':')).trim().toLowerCase() === name.toLowerCase(),
    );
    if (index < 0) continue;
    signed += `${relaxedHeader(remaining[index] as string)}\r\n`;
    remaining.splice(index, 1);
  }
  signed += relaxedHeader(signatureLine.replace(/(\bb=)[^;]*/, '$1'));
  const ok = verify('sha256', Buffer.from(signed, 'latin1'), publicKey, Buffer.from(tags.b ?? '', 'base64'));
  if (!ok) throw new Error('the signature does not verify with the public key');
  return tags;
}

function relaxedHeader(line: string): string {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}
