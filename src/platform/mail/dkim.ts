import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';

/** What nodemailer's `dkim` transport option takes: every message over SMTP is signed with it. */
export interface DkimSettings {
  domainName: string;
  keySelector: string;
  /** PEM text of an RSA private key. */
  privateKey: string;
}

/** A problem with the DKIM settings, worded for the operator (the caller names the setting). */
export class DkimSettingsError extends Error {}

// One DNS label: letters, digits and inner hyphens, up to 63 characters (RFC 1035, RFC 6376 3.1).
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Whether `name` is one or more DNS labels separated by dots, within DNS's 253 characters. */
export function isDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

/**
 * The private key's PEM text: the value itself when it is PEM (a secret store hands over text),
 * otherwise the path of a PEM file (a key mounted into a container). Either way it must be an
 * RSA key of at least 1024 bits: nodemailer signs with rsa-sha256 only, and receivers ignore
 * shorter keys (RFC 8301).
 */
export function readDkimPrivateKey(value: string): string {
  // An env file (docker --env-file, systemd's Environment=) holds one line: PEM pasted there
  // often arrives with its line breaks written as \n.
  let pem = value.includes('\n') ? value : value.replaceAll('\\n', '\n');
  if (!value.trimStart().startsWith('-----BEGIN')) {
    try {
      pem = fs.readFileSync(value, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      // A key pasted without its BEGIN line is secret: name the value only when it looks like a path.
      const shown = value.length <= 255 && !/[\r\n]/.test(value) ? ` ${value}` : '';
      throw new DkimSettingsError(
        `neither PEM text (no -----BEGIN line) nor a readable file: cannot read${shown} (${code})`,
      );
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new DkimSettingsError(
      'is not a PEM private key (expected -----BEGIN PRIVATE KEY----- or RSA PRIVATE KEY)',
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new DkimSettingsError(
      `is a key of type ${key.asymmetricKeyType}; DKIM signing here needs an RSA key (2048 bits)`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024)
    throw new DkimSettingsError(`is a ${bits}-bit RSA key; receivers need 1024 bits or more (use 2048)`);
  return pem;
}

/** The TXT record receivers look up to check the signature: the public half of the private key. */
export function dkimTxtRecord(settings: DkimSettings): { name: string; value: string } {
  const spki = createPublicKey(settings.privateKey).export({ type: 'spki', format: 'der' });
  return {
    name: `${settings.keySelector}._domainkey.${settings.domainName}`,
    value: `v=DKIM1; k=rsa; p=${spki.toString('base64')}`,
  };
}
