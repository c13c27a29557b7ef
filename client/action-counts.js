/* Candle: an urgent action's counts, refreshed from their fragment. The page works without it. */
(() => {
  // The page was cached with the numbers of its render; the fragment is purged within seconds.
  const EVERY_MS = 60_000;
  const refresh = (block) => {
    const src = block.getAttribute('data-counts-src');
    if (!src) return;
    fetch(src, { credentials: 'omit' })
      .then((res) => (res.ok ? res.text() : Promise.reject(res.status)))
      .then((html) => {
        const template = document.createElement('template');
        template.innerHTML = html.trim();
        const fresh = template.content.firstElementChild;
        // Only the same block, from this site's own fragment, takes the old one's place.
        if (!fresh || fresh.id !== block.id || !fresh.hasAttribute('data-counts-src')) return;
        block.replaceWith(fresh);
      })
      .catch(() => {
        // The numbers of the render stay: nothing is lost but freshness.
      });
  };
  const all = () => document.querySelectorAll('[data-counts-src]');
  for (const block of all()) refresh(block);
  window.setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    for (const block of all()) refresh(block);
  }, EVERY_MS);
})();
