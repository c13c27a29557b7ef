import { sql } from 'kysely';
import type { AnyDb } from './ddl.js';

/*
 * Until 2026-12-04 the "keep me informed" box of an urgent action's forms recorded its wording
 * labelled 'en' in whatever language it was shown: a French page's French sentence went into the
 * consent ledger as English. The text was always what the person read; only the label was wrong.
 * The French sentence as it was then, the site's name in the middle (a pattern, frozen here like
 * every migration: a later change of the catalogue must not change what this one matches).
 */
const FRENCH_KEEP_INFORMED =
  'Tenez-moi au courant : % peut m’écrire au sujet de cette action urgente et de sa suite. Je peux me désabonner en tout temps.';

export async function up(db: AnyDb): Promise<void> {
  await sql`update consent_wordings set language = 'fr'
    where language = 'en' and text like ${FRENCH_KEEP_INFORMED}`.execute(db);
}

/** The labels were wrong; nothing to put back. */
export async function down(): Promise<void> {}
