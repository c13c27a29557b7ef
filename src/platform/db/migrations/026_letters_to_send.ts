import type { AnyDb } from './ddl.js';

/**
 * The dispatcher of emailed letters (issue 13) asks every minute which officials have letters
 * waiting; by status first, that is a look at the few waiting rows, not a walk through every
 * letter ever sent (`ua_letters_to_send` leads with the target, for the claims of one official).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createIndex('ua_letters_waiting')
    .on('ua_letters')
    .columns(['status', 'target_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('ua_letters_waiting').execute();
}
