import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { keepInformedWording } from '../../src/actions/taking/rules.js';
import { CountMeForm, EmailForm } from '../../src/actions/views/take-action.js';

/**
 * The forms supporters act with, as the other channels' views place them: what they post, what
 * they never pre-fill, and that every field's error links to it.
 */

const wording = keepInformedWording('Candle');

describe('the "count me" form', () => {
  it('posts the channel, the person, keep-me-informed (never ticked), the honeypot and the proof of work', () => {
    const html = renderToString(
      <CountMeForm articleId={7} channel="call" wording={wording} sourcePage="/articles/x" />,
    );
    expect(html).toContain('action="/actions/7/done"');
    expect(html).toContain('<input type="hidden" name="channel" value="call"/>');
    for (const value of ['answered', 'voicemail', 'refused', 'wrong-number'])
      expect(html).toContain(`name="detail" value="${value}"`);
    expect(html).toMatch(/<input(?=[^>]*name="name")(?=[^>]*required)[^>]*>/);
    expect(html).toMatch(/type="email"/);
    expect(html).toContain(`name="wording" value="${wording.hash}"`);
    expect(html).toContain('name="leave_empty"');
    expect(html).toContain('<altcha-widget challenge="/subscribe/challenge"');
    expect(html).not.toMatch(/name="keep_informed"[^>]*checked/);
    // No city or country: only the emailed letter is signed with them.
    expect(html).not.toContain('name="city"');
  });

  it('takes a channel’s own detail in place of the default, and keeps what was typed with its errors linked', () => {
    const html = renderToString(
      <CountMeForm
        articleId={7}
        channel="post"
        wording={wording}
        sourcePage="/articles/x"
        detail={<p>Mastodon instance chosen above</p>}
        fields={{ name: 'Ana <b>', email: 'ana@', keep_informed: 'yes' }}
        errors={{ email: 'Enter an email address like name@example.org.' }}
      />,
    );
    expect(html).toContain('Mastodon instance chosen above');
    expect(html).not.toContain('name="detail"');
    expect(html).toContain('value="Ana &lt;b>"');
    expect(html).toContain('href="#field-done-post-email"');
    expect(html).toContain('id="field-done-post-email"');
    expect(html).not.toMatch(/name="keep_informed"[^>]*checked/);
  });
});

describe('the email form', () => {
  it('opens with the letter in its language, the translation beside it, and keeps edits over the sample', () => {
    const props = {
      articleId: 7,
      letter: { language: 'es', subject: 'Carta', body: 'Le escribo.' },
      translation: { language: 'en', subject: 'Letter', body: 'I write.' },
      officials: [
        { name: 'Ing. Jaime Bonilla Valdez', language: 'es' },
        { name: 'Director of Public Prosecutions', language: 'en' },
      ],
      siteName: 'Candle',
      wording,
      sourcePage: '/articles/x',
    };
    const fresh = renderToString(<EmailForm {...props} />);
    expect(fresh).toMatch(/<textarea(?=[^>]*name="body")(?=[^>]*lang="es")[^>]*>Le escribo\.<\/textarea>/);
    expect(fresh).toContain('<details class="take-action__translation" open lang="en">');
    // Each official is named in their office's language, marked where it is not the page's.
    expect(fresh).toContain(
      '<span lang="es">Ing. Jaime Bonilla Valdez</span>, Director of Public Prosecutions',
    );
    const edited = renderToString(<EmailForm {...props} fields={{ body: 'Mi carta.' }} />);
    expect(edited).toContain('>Mi carta.</textarea>');
    expect(edited).not.toContain('Le escribo.');
  });
});
