import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepInformedWording } from '../../src/actions/taking/rules.js';
import * as m042 from '../../src/platform/db/migrations/042_consent_wording_languages.js';
import { inLanguage } from '../../src/platform/i18n/context.js';
import { type TestDb, testDatabase } from '../support/app.js';

/*
 * Migration 042: the French "keep me informed" wordings that an earlier build recorded labelled
 * 'en' are relabelled 'fr'; every other wording keeps its label.
 */
describe('consent wordings recorded with the wrong language', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('relabels the French sentence and nothing else', async () => {
    // The wordings the forms make, the French one stored as the old build stored it. (Should the
    // catalogue's sentence change, write here the sentence as it was: the migration's pattern.)
    const french = inLanguage('fr', () => keepInformedWording('Amnistie Demo'));
    const english = inLanguage('en', () => keepInformedWording('Amnistie Demo'));
    const other = { hash: 'x'.repeat(64), language: 'en', text: 'Tenez-moi au courant, s’il vous plaît.' };
    const at = '2026-12-01T00:00:00.000Z';
    await t.db
      .insertInto('consent_wordings')
      .values([
        { hash: french.hash, language: 'en', text: french.text, created_at: at },
        { hash: english.hash, language: 'en', text: english.text, created_at: at },
        { ...other, created_at: at },
      ])
      .execute();

    await m042.up(t.db);

    const rows = await t.db
      .selectFrom('consent_wordings')
      .select(['hash', 'language'])
      .orderBy('hash')
      .execute();
    expect(new Map(rows.map((r) => [r.hash, r.language]))).toEqual(
      new Map([
        [french.hash, 'fr'],
        [english.hash, 'en'],
        [other.hash, 'en'],
      ]),
    );
  });
});
