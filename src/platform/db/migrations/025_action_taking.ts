import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Taking action on an urgent action (issue 13, second increment): supporters, what they did, and
 * the letters emailed to officials on their behalf.
 *
 * - `urgent_actions.goal` (actions aimed at; 0 shows no goal bar) and `.hourly_cap` (letters one
 *   target is sent an hour, set by the campaigner: officials are written to, not flooded).
 * - `ua_letter_templates`: the sample letter of an urgent action per language (the target's
 *   language to send, others as the translation shown beside it).
 * - `ua_supporters`: a person who acted, by normalised email, with the name, city and country their
 *   letters are signed with; `confirmed_at` once they pressed the link mailed to that address (no
 *   letter is sent and no action counted in the name of an address that was not confirmed).
 * - `ua_supporter_links`: those confirmation links, by SHA-256 of the token.
 * - `ua_actions_taken`: one per (urgent action, channel, supporter): a repeat is thanked, not
 *   counted. `pending` until the address is confirmed, then `counted`. `detail` is the call's
 *   outcome or the network posted to. `hear_back`: the supporter asked to be kept informed, with
 *   the hash of the wording they saw (kept in `consent_wordings`).
 * - `ua_letters`: one email per (action, target or copy), through a send log like the alerts':
 *   waiting (address not yet confirmed) → queued → sending (leased) → sent; failed → retried →
 *   dead; bounced; cancelled. Sent at the target's office hours, at most `hourly_cap` an hour.
 * - `action_client_counts`: actions per client address (a keyed hash) per fixed window.
 * - `mail_outbox.reply_to`: a letter's Reply-To (the supporter), shown in the outbox as sent.
 */
function columns(db: AnyDb) {
  const postgres = isPostgres(db);
  return {
    primaryKey: (col: ColumnDefinitionBuilder) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    timestamp: postgres ? ('timestamptz' as const) : ('text' as const),
    oneOf: (column: string, values: readonly string[]): Expression<unknown> =>
      sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`,
  };
}

export async function up(db: AnyDb): Promise<void> {
  const c = columns(db);

  await db.schema
    .alterTable('urgent_actions')
    .addColumn('goal', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('urgent_actions')
    .addColumn('hourly_cap', 'integer', (col) => col.notNull().defaultTo(20))
    .execute();
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('reply_to', 'text', (col) => col.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('ua_letter_templates')
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('ua_letter_templates_pk', ['article_id', 'language'])
    .execute();

  await db.schema
    .createTable('ua_supporters')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('city', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('country', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('language', 'text', (col) => col.notNull().defaultTo('en'))
    .addColumn('confirmed_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('ua_supporter_links')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('supporter_id', 'integer', (col) =>
      col.notNull().references('ua_supporters.id').onDelete('cascade'),
    )
    .addColumn('expires_at', c.timestamp, (col) => col.notNull())
    .addColumn('used_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('ua_supporter_links_by_supporter')
    .on('ua_supporter_links')
    .column('supporter_id')
    .execute();

  await db.schema
    .createTable('ua_actions_taken')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('supporter_id', 'integer', (col) =>
      col.notNull().references('ua_supporters.id').onDelete('cascade'),
    )
    .addColumn('channel', 'text', (col) =>
      col.notNull().check(c.oneOf('channel', ['email', 'letter', 'post', 'call'])),
    )
    .addColumn('state', 'text', (col) => col.notNull().check(c.oneOf('state', ['pending', 'counted'])))
    .addColumn('detail', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('hear_back', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('wording_hash', 'text')
    .addColumn('source_page', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('counted_at', c.timestamp)
    .addUniqueConstraint('ua_actions_taken_once', ['article_id', 'channel', 'supporter_id'])
    .execute();
  await db.schema
    .createIndex('ua_actions_taken_by_action')
    .on('ua_actions_taken')
    .columns(['article_id', 'state', 'channel'])
    .execute();
  await db.schema
    .createIndex('ua_actions_taken_by_time')
    .on('ua_actions_taken')
    .columns(['article_id', 'counted_at'])
    .execute();
  await db.schema
    .createIndex('ua_actions_taken_by_supporter')
    .on('ua_actions_taken')
    .column('supporter_id')
    .execute();

  await db.schema
    .createTable('ua_letters')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('action_id', 'integer', (col) =>
      col.notNull().references('ua_actions_taken.id').onDelete('cascade'),
    )
    .addColumn('article_id', 'integer', (col) => col.notNull())
    .addColumn('target_id', 'integer', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull().check(c.oneOf('role', ['target', 'copy'])))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .check(
          c.oneOf('status', [
            'waiting',
            'queued',
            'sending',
            'sent',
            'failed',
            'dead',
            'bounced',
            'cancelled',
          ]),
        ),
    )
    .addColumn('tries', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('not_before', c.timestamp)
    .addColumn('claimed_at', c.timestamp)
    .addColumn('claimed_until', c.timestamp)
    .addColumn('message_id', 'text', (col) => col.notNull().unique())
    .addColumn('sent_at', c.timestamp)
    .addColumn('error', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('ua_letters_to_send')
    .on('ua_letters')
    .columns(['target_id', 'status', 'id'])
    .execute();
  await db.schema.createIndex('ua_letters_sent').on('ua_letters').columns(['target_id', 'sent_at']).execute();
  await db.schema.createIndex('ua_letters_by_action').on('ua_letters').column('action_id').execute();
  await db.schema
    .createIndex('ua_letters_by_urgent_action')
    .on('ua_letters')
    .columns(['article_id', 'status'])
    .execute();

  await db.schema
    .createTable('action_client_counts')
    .addColumn('client_hash', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(c.oneOf('kind', ['solved', 'unsolved'])))
    .addColumn('window_start', c.timestamp, (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('action_client_counts_pk', ['client_hash', 'kind', 'window_start'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('action_client_counts').execute();
  await db.schema.dropTable('ua_letters').execute();
  await db.schema.dropTable('ua_actions_taken').execute();
  await db.schema.dropTable('ua_supporter_links').execute();
  await db.schema.dropTable('ua_supporters').execute();
  await db.schema.dropTable('ua_letter_templates').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('reply_to').execute();
  await db.schema.alterTable('urgent_actions').dropColumn('hourly_cap').execute();
  await db.schema.alterTable('urgent_actions').dropColumn('goal').execute();
}
