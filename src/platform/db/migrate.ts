import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import { type Db, schemaOf } from './connect.js';
import { dialectOf } from './dialect.js';
import * as m001 from './migrations/001_newsroom.js';
import * as m002 from './migrations/002_search.js';
import * as m003 from './migrations/003_admin.js';
import * as m004 from './migrations/004_cache_purges.js';
import * as m005 from './migrations/005_media_avif.js';
import * as m006 from './migrations/006_search_speed.js';
import * as m007 from './migrations/007_article_cards.js';
import * as m008 from './migrations/008_article_listings.js';
import * as m009 from './migrations/009_articles_by_type.js';
import * as m010 from './migrations/010_region_listings.js';
import * as m011 from './migrations/011_login_counters.js';
import * as m012 from './migrations/012_document_details.js';
import * as m013 from './migrations/013_drop_article_cards.js';
import * as m014 from './migrations/014_purge_log_order.js';
import * as m015 from './migrations/015_setup_lock.js';
import * as m016 from './migrations/016_audit_messages.js';
import * as m017 from './migrations/017_subscriptions.js';
import * as m018 from './migrations/018_delivery.js';
import * as m019 from './migrations/019_subscriber_rights.js';
import * as m020 from './migrations/020_digests.js';
import * as m021 from './migrations/021_subscribers_admin.js';
import * as m022 from './migrations/022_alert_content.js';
import * as m023 from './migrations/023_proof_of_work.js';
import * as m024 from './migrations/024_urgent_actions.js';
import * as m025 from './migrations/025_action_taking.js';
import * as m026 from './migrations/026_letters_to_send.js';
import * as m028 from './migrations/028_action_tallies.js';
import * as m029 from './migrations/029_digest_retries.js';
import * as m030 from './migrations/030_webhooks.js';
import * as m031 from './migrations/031_replies_and_outcomes.js';
import * as m032 from './migrations/032_network.js';
import * as m034 from './migrations/034_translations.js';
import * as m036 from './migrations/036_network_tallies.js';
import * as m037 from './migrations/037_taxonomy_redirects.js';
import * as m038 from './migrations/038_french_stems.js';
import * as m040 from './migrations/040_bounces.js';
import * as m041 from './migrations/041_heard_back_index.js';
import * as m042 from './migrations/042_consent_wording_languages.js';
import * as m043 from './migrations/043_letter_tallies_per_statement.js';

/** Migrations are imported, not read from disk, so the bundled build and tsx run the same list. */
const migrations: Record<string, Migration> = {
  '001_newsroom': m001,
  '002_search': m002,
  '003_admin': m003,
  '004_cache_purges': m004,
  '005_media_avif': m005,
  '006_search_speed': m006,
  '007_article_cards': m007,
  '008_article_listings': m008,
  '009_articles_by_type': m009,
  '010_region_listings': m010,
  '011_login_counters': m011,
  '012_document_details': m012,
  '013_drop_article_cards': m013,
  '014_purge_log_order': m014,
  '015_setup_lock': m015,
  '016_audit_messages': m016,
  '017_subscriptions': m017,
  '018_delivery': m018,
  '019_subscriber_rights': m019,
  '020_digests': m020,
  '021_subscribers_admin': m021,
  '022_alert_content': m022,
  '023_proof_of_work': m023,
  '024_urgent_actions': m024,
  '025_action_taking': m025,
  '026_letters_to_send': m026,
  '028_action_tallies': m028,
  '029_digest_retries': m029,
  '030_webhooks': m030,
  '031_replies_and_outcomes': m031,
  '032_network': m032,
  '034_translations': m034,
  '036_network_tallies': m036,
  '037_taxonomy_redirects': m037,
  '038_french_stems': m038,
  '040_bounces': m040,
  '041_heard_back_index': m041,
  '042_consent_wording_languages': m042,
  '043_letter_tallies_per_statement': m043,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Named explicitly on PostgreSQL: otherwise Kysely may find the migration tables of another schema.
  const migrationTableSchema = dialectOf(db) === 'postgres' ? schemaOf(db) : undefined;
  // 002_search landed after 003_admin: databases that already ran 003 take 002 in turn.
  const migrator = new Migrator({ db, provider, migrationTableSchema, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
