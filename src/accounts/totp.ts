import type * as Otplib from 'otplib';

let otplib: typeof Otplib | undefined;
/** Loaded at start of the first account page or login that needs it, not with the public site. */
export async function loadTotp(): Promise<void> {
  otplib ??= await import('otplib');
}

export function newTotpSecret(): string {
  if (!otplib) throw new Error('call loadTotp() first');
  return otplib.generateSecret();
}

export function totpUri(secret: string, account: string, issuer: string): string {
  if (!otplib) throw new Error('call loadTotp() first');
  return otplib.generateURI({ secret, label: account, issuer });
}

export async function verifyTotp(secret: string, code: string): Promise<boolean> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  try {
    await loadTotp();
    const result = await otplib!.verify({ secret, token, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}
