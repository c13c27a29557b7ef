/*
 * The postage hint printed with a letter: roughly what a standard letter (up to 30 g) costs from
 * the country supporters post from, by where it goes. A hint, never a promise: rates change, and
 * the page and the letter say to check at the post office.
 */

/** Where the hints' supporters post from (ISO 3166-1 alpha-2), and its currency. */
export const POSTED_FROM = { country: 'CA', currency: 'CAD', symbol: '$' } as const;

export type PostageZone = 'domestic' | 'usa' | 'international';

/** Canada Post's stamp rates for a standard letter up to 30 g (2025), in cents. */
const RATES: Record<PostageZone, number> = { domestic: 144, usa: 219, international: 399 };

/** The few countries with a zone of their own; every other one is international. */
const ZONES: Readonly<Record<string, PostageZone>> = { CA: 'domestic', US: 'usa' };

export function postageZone(countryCode: string): PostageZone {
  return ZONES[countryCode.trim().toUpperCase()] ?? 'international';
}

export interface PostageHint {
  zone: PostageZone;
  /** "$3.99". */
  amount: string;
}

/** The hint for a letter to this country: its zone and about what a stamp for it costs. */
export function postageHint(countryCode: string): PostageHint {
  const zone = postageZone(countryCode);
  const cents = RATES[zone];
  return {
    zone,
    amount: `${POSTED_FROM.symbol}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
  };
}
