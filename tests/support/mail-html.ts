/**
 * A quick accessibility and privacy sanity check of a message's HTML part, as a list of problems
 * (empty: none): the document states its language; every picture has an alt attribute (empty
 * only for one that says nothing); headings start at h1 and never skip a level; every address
 * (href, src) is on the site itself (`base`), so nothing reports back; no script and no
 * event-handler attribute.
 */
export function mailHtmlProblems(html: string | false | undefined, base: string): string[] {
  if (!html) return ['no HTML part'];
  const problems: string[] = [];
  if (!/^<!doctype html><html lang="[a-z]{2,3}(?:-[A-Za-z0-9]+)*"/i.test(html))
    problems.push('no <html lang> at the start');
  for (const img of html.match(/<img\b(?:[^>"]|"[^"]*")*>/gi) ?? [])
    if (!/\salt="[^"]*"/.test(img)) problems.push(`img without alt: ${img}`);
  const levels = [...html.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
  if (levels[0] !== 1) problems.push(`first heading is h${levels[0] ?? '(none)'}`);
  if (levels.filter((l) => l === 1).length > 1) problems.push('more than one h1');
  levels.forEach((level, i) => {
    const before = levels[i - 1];
    if (before !== undefined && level > before + 1) problems.push(`h${before} then h${level}`);
  });
  for (const [, attr, url] of html.matchAll(/\s(href|src)="([^"]*)"/gi))
    if (!url?.startsWith(base)) problems.push(`${attr} off the site: ${url}`);
  if (/<script\b/i.test(html)) problems.push('a script element');
  // Attribute values emptied first: an escaped hostile alt text may say "onerror=" harmlessly.
  if (/<[^>]+\son[a-z]+=/i.test(html.replace(/="[^"]*"/g, '=""')))
    problems.push('an event-handler attribute');
  return problems;
}
