import { type DkimSettings, dkimTxtRecord } from './dkim.js';

export interface MailSettings {
  smtpUrl: string | undefined;
  mailFrom: string;
  dkim: DkimSettings | undefined;
}

/** The domain of MAIL_FROM's address (`Name <a@example.org>` or `a@example.org`), lower case. */
export function senderDomain(mailFrom: string): string | undefined {
  const address = /<([^>]*)>/.exec(mailFrom)?.[1] ?? mailFrom;
  const at = address.lastIndexOf('@');
  const domain =
    at >= 0
      ? address
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return domain || undefined;
}

/**
 * Whether a DKIM signature for `signing` passes DMARC for mail from `from`. Relaxed alignment (the
 * default) compares organisational domains, which needs the public suffix list; a parent or child
 * of the same name is the case operators meet (alerts.example.org signed as example.org), and
 * the words say to check anything else.
 */
function alignment(from: string, signing: string): string {
  if (from === signing) return `aligned: DKIM_DOMAIN is MAIL_FROM's domain, so DMARC passes on the signature`;
  if (from.endsWith(`.${signing}`) || signing.endsWith(`.${from}`))
    return `aligned under DMARC's relaxed alignment (the default; not with adkim=s): DKIM_DOMAIN ${signing} and MAIL_FROM's ${from} share a parent domain`;
  return `NOT aligned: DKIM_DOMAIN ${signing} is not MAIL_FROM's domain ${from}, so DMARC will not pass on this signature; set DKIM_DOMAIN=${from} (and publish the key there) or send from an address at ${signing}`;
}

/** What the operator must publish in DNS for MAIL_FROM's domain, as lines to print. */
export function dnsAdvice(settings: MailSettings): string[] {
  const domain = senderDomain(settings.mailFrom);
  if (!domain)
    return [
      `MAIL_FROM "${settings.mailFrom}" has no address with a domain: set it to Name <alerts@your-domain>`,
    ];
  const lines = [
    `Mail is sent from ${settings.mailFrom} (domain ${domain}). Publish these DNS records:`,
    '',
    `SPF: a TXT record on ${domain}`,
    "  v=spf1 include:<your relay's SPF domain> ~all",
    "  Candle cannot know your relay's addresses: its documentation names the include (or use",
    '  ip4:<address> for a server of your own). Keep ONE SPF record per name: merge this with any',
    `  existing one (dig +short TXT ${domain}).`,
    '',
  ];
  if (settings.dkim) {
    const record = dkimTxtRecord(settings.dkim);
    lines.push(
      `DKIM: a TXT record on ${record.name}`,
      `  ${record.value}`,
      '  (DNS providers split values longer than 255 characters into several strings; that is fine.)',
      `  Alignment: ${alignment(domain, settings.dkim.domainName)}.`,
    );
  } else {
    lines.push(
      'DKIM: Candle does not sign (DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY are unset).',
      `  Set them, or have your relay sign for ${domain} and publish the record it gives you.`,
    );
  }
  lines.push(
    '',
    `DMARC: a TXT record on _dmarc.${domain}`,
    `  v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`,
    '  A starting point: p=none only collects reports (to that mailbox, which must exist). Once',
    '  they show your mail passing, move to p=quarantine, then p=reject.',
  );
  return lines;
}

/** Where SMTP_URL points, without its user name or password, for messages. */
export function smtpEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
}

/** Why the SMTP server could not be used, in the operator's terms. */
function smtpProblem(err: unknown, url: string): string {
  // nodemailer files a refused connection under its own ESOCKET and keeps the system's code aside.
  const e = err as { code?: string; originalCode?: string; response?: string; message?: string };
  const where = smtpEndpoint(url);
  switch (e.originalCode ?? e.code) {
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${where} (connection refused): check SMTP_URL's host and port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `${new URL(url).hostname} does not resolve: check SMTP_URL's host`;
    case 'ETIMEDOUT':
      return `no answer from ${where} in time: a firewall, or the wrong host or port in SMTP_URL`;
    case 'EAUTH':
      return `the server refused the user name and password in SMTP_URL: ${e.response ?? e.message}`;
    case 'ETLS':
      return `the TLS connection failed (smtps:// needs a TLS port such as 465; smtp:// a plain one such as 587): ${e.message}`;
    default:
      return `the server at ${where} said: ${e.response ?? e.message ?? String(err)}`;
  }
}

/**
 * Connects, greets and logs in as sending does (nodemailer's verify), without sending anything.
 * Fails within about ten seconds rather than nodemailer's two minutes: an operator is waiting.
 */
export async function verifySmtp(url: string): Promise<{ ok: true } | { ok: false; problem: string }> {
  const nodemailer = (await import('nodemailer')).default;
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 };
  const transport = nodemailer.createTransport({ url, ...timeouts });
  try {
    await transport.verify();
    return { ok: true };
  } catch (err) {
    return { ok: false, problem: smtpProblem(err, url) };
  } finally {
    transport.close();
  }
}
