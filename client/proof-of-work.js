/*
 * Candle: the sign-up form's proof of work (issue 12). The form works without this file (a
 * tighter limit per connection applies then). The widget and its worker come from this site,
 * under hashed names written in here when the server starts (platform/http/assets.ts).
 */
import '{{altcha.js}}';

const altcha = globalThis.$altcha;
// Registered before any challenge can arrive: the widget asks for a worker only once its
// challenge is fetched, and this runs as soon as the widget's module has.
altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker('{{altcha-pbkdf2.js}}'));

for (const widget of document.querySelectorAll('altcha-widget[data-label]')) {
  // The words come from the page (the site's catalogue), not from the widget's own.
  const words = widget.dataset;
  altcha.i18n.set('en', {
    ...altcha.i18n.get('en'),
    label: words.label,
    verifying: words.verifying,
    verified: words.verified,
    error: words.error,
    expired: words.expired,
    waitAlert: words.verifying,
  });
  // A solution is good for a few minutes; a person may take longer over the form.
  widget.addEventListener('expired', () => widget.verify());
  // Back from the next page (the page kept whole by the browser), the widget forgets its solution,
  // spent anyway: it solves a fresh one (its own listener, added before this, resets it first).
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) widget.verify();
  });
}
