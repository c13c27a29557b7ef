import type { AnyDb } from './ddl.js';

/**
 * Who acted on a series and asked to hear back (the Urgent Action Network's updates): asked per
 * supporter, `exists (… where a.supporter_id = s.id and a.hear_back = 1 and a.state = 'counted'
 * …)`. With only `(supporter_id)` to go by, SQLite's planner preferred the urgent action's index
 * `(article_id, state)` and walked every counted action of the series for each supporter: an
 * update to 100,000 people who acted spent its worker's whole core in SQLite. This index answers
 * the question from the supporter's few actions, and replaces `(supporter_id)`, its prefix.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('ua_actions_taken_heard_back')
    .on('ua_actions_taken')
    .columns(['supporter_id', 'hear_back', 'state'])
    .execute();
  await db.schema.dropIndex('ua_actions_taken_by_supporter').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('ua_actions_taken_by_supporter')
    .on('ua_actions_taken')
    .column('supporter_id')
    .execute();
  await db.schema.dropIndex('ua_actions_taken_heard_back').execute();
}
