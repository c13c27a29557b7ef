import type { Generated } from 'kysely';

type Timestamp = string;

/** An uploaded list of subscribers between its preview and its import (migration 021). */
export interface SubscriberImportTable {
  id: Generated<number>;
  /** Who uploaded it: only they may confirm it. */
  user_id: number;
  status: 'previewed' | 'imported';
  /** The file's text while it waits for confirmation; emptied once imported. */
  content: string;
  added: Generated<number>;
  skipped: Generated<number>;
  refused: Generated<number>;
  created_at: Timestamp;
  imported_at: Timestamp | null;
}

export interface ImportTables {
  subscriber_imports: SubscriberImportTable;
}
