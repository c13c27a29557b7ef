/*
 * The post channel's pure rules: which of a target's handles belong to which network, the text a
 * supporter is offered to post, the links that open each network's own compose page with it (plain
 * links: no script of theirs on our page), and the Mastodon instance a supporter names.
 */

export const NETWORKS = ['x', 'bluesky', 'mastodon'] as const;
export type Network = (typeof NETWORKS)[number];

/** X counts every link as 23 characters, whatever its length; posts are at most 280. */
const X_LIMIT = 280;
const X_LINK_LENGTH = 23;
/** Bluesky's limit (300) counts links in full; Mastodon's default is 500. */
const LIMITS: Record<Network, number> = { x: X_LIMIT, bluesky: 300, mastodon: 500 };

/**
 * A handle as the directory keeps it ("@GobBC", "@gob.bsky.social", "@gob@mastodon.social",
 * "https://x.com/GobBC", "https://bsky.app/profile/gob.bsky.social", "https://mastodon.social/@gob"),
 * read as the network it is on and the mention that network understands; null for anything else.
 */
export function readHandle(raw: string): { network: Network; mention: string } | null {
  const text = raw.trim();
  let m = /^https?:\/\/(?:www\.)?(?:x|twitter)\.com\/([A-Za-z0-9_]{1,15})\/?$/i.exec(text);
  if (m) return { network: 'x', mention: `@${m[1]}` };
  m = /^https?:\/\/bsky\.app\/profile\/([A-Za-z0-9.-]+\.[A-Za-z]{2,})\/?$/i.exec(text);
  if (m) return { network: 'bluesky', mention: `@${m[1]!.toLowerCase()}` };
  m = /^https?:\/\/([^/\s@]+)\/@([A-Za-z0-9_]{1,30})\/?$/i.exec(text);
  if (m && isInstanceHost(m[1]!.toLowerCase())) {
    return { network: 'mastodon', mention: `@${m[2]}@${m[1]!.toLowerCase()}` };
  }
  m = /^@([A-Za-z0-9_]{1,30})@([^\s@]+)$/.exec(text);
  if (m && isInstanceHost(m[2]!.toLowerCase())) {
    return { network: 'mastodon', mention: `@${m[1]}@${m[2]!.toLowerCase()}` };
  }
  m = /^@?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(text);
  if (m && text.startsWith('@')) return { network: 'bluesky', mention: `@${m[1]!.toLowerCase()}` };
  m = /^@([A-Za-z0-9_]{1,15})$/.exec(text);
  if (m) return { network: 'x', mention: `@${m[1]}` };
  return null;
}

/** The mentions of these handles on one network, in order, without repeats, at most three. */
export function mentionsOn(network: Network, handles: readonly string[]): string[] {
  const out: string[] = [];
  for (const h of handles) {
    const read = readHandle(h);
    if (read?.network === network && !out.includes(read.mention)) out.push(read.mention);
  }
  return out.slice(0, 3);
}

/** How long a post is as the network counts it. */
export function postLength(network: Network, text: string, url: string): number {
  const chars = [...text].length;
  if (network !== 'x' || url === '') return chars;
  return chars - [...url].length + X_LINK_LENGTH;
}

/**
 * The post: the mentions, the message, the page's address. The message is cut at a word, with an
 * ellipsis, when the whole would be longer than the network allows; mentions and address stay.
 */
export function postText(
  network: Network,
  input: { mentions: readonly string[]; message: string; url: string },
) {
  const head = input.mentions.length > 0 ? `${input.mentions.join(' ')} ` : '';
  const tail = input.url ? ` ${input.url}` : '';
  const compose = (message: string) => `${head}${message}${tail}`;
  const whole = compose(input.message);
  if (postLength(network, whole, input.url) <= LIMITS[network]) return whole;
  const words = input.message.split(/\s+/);
  while (words.length > 1) {
    words.pop();
    const shorter = compose(`${words.join(' ').replace(/[,;:.]+$/, '')}…`);
    if (postLength(network, shorter, input.url) <= LIMITS[network]) return shorter;
  }
  return compose('').replace(/\s+/g, ' ').trim();
}

/** The network's own compose page with the text filled in. */
export function shareHref(network: Exclude<Network, 'mastodon'>, text: string): string {
  const q = encodeURIComponent(text);
  return network === 'x'
    ? `https://x.com/intent/post?text=${q}`
    : `https://bsky.app/intent/compose?text=${q}`;
}

/** A Mastodon instance's share page (the instance was checked by `readInstance`). */
export function mastodonHref(instance: string, text: string): string {
  return `https://${instance}/share?text=${encodeURIComponent(text)}`;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A public host name: labels of letters, digits and hyphens, a dot, a top-level name that is no number. */
export function isInstanceHost(host: string): boolean {
  if (host.length > 253 || !host.includes('.')) return false;
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  const top = labels.at(-1)!;
  // An address ("10.0.0.1") is no instance; nor are names kept for local use.
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(top)) return false;
  return !['localhost', 'local', 'internal', 'test', 'invalid', 'example', 'onion'].includes(top);
}

/**
 * The instance a supporter named, as they may type it ("mastodon.social", "https://mastodon.social/",
 * "@me@mastodon.social", "Mastodon.Social", an internationalised name), as its ASCII host name;
 * null when it is no public host name (an address, a port, a path, a user and password).
 */
export function readInstance(input: string): string | null {
  let text = input.trim();
  if (text === '' || text.length > 300) return null;
  const account = /^@?[A-Za-z0-9_]{1,30}@([^\s@/]+)$/.exec(text);
  if (account) text = account[1]!;
  text = text.replace(/^https:\/\//i, '').replace(/\/+$/, '');
  if (/[\s/?#@:\\]/.test(text)) return null;
  let host: string;
  try {
    host = new URL(`https://${text}/`).hostname;
  } catch {
    return null;
  }
  return isInstanceHost(host) ? host : null;
}
