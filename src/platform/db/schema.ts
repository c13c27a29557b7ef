import type { Generated, Insertable, Selectable } from 'kysely';
import type { ActionTables } from './schema-actions.js';
import type { DeliveryTables } from './schema-delivery.js';
import type { ImportTables } from './schema-imports.js';
import type { LedgerTables } from './schema-ledger.js';
import type { NetworkTables } from './schema-network.js';
import type { ProofOfWorkTables } from './schema-proof-of-work.js';
import type { TallyTables } from './schema-tallies.js';
import type { WebhookTables } from './schema-webhooks.js';

/** Timestamps travel as ISO-8601 UTC strings on both dialects (see connect.ts). */
type Timestamp = string;

export const ARTICLE_TYPES = [
  'news',
  'press-release',
  'open-letter',
  'report',
  'blog',
  'good-news',
  'urgent-action',
] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const CASE_STATUSES = ['ongoing', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const MEDIA_KINDS = ['image', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface RegionTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface CountryTable {
  id: Generated<number>;
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  slug: string;
  name: string;
  region_id: number;
  featured: Generated<number>;
}

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
}

export interface MediaTable {
  id: Generated<number>;
  kind: MediaKind;
  /** Base name of the stored files under DATA_DIR/media. */
  storage_key: string;
  original_name: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Comma-separated widths of the WebP variants made for an image. */
  variant_widths: string;
  /** Comma-separated widths of the AVIF variants, made after upload by a background job. */
  avif_widths: Generated<string>;
  alt: string;
  caption: string;
  credit: string;
  created_at: Timestamp;
  /** A PDF's number of pages, read at upload (migration 012); null when unknown or not a document. */
  page_count: Generated<number | null>;
  /** A PDF's own title (its Info dictionary), read at upload; '' when it has none. */
  document_title: Generated<string>;
  /** Who uploaded it (migration 012); null for the demo's items and those of deleted users. */
  uploaded_by: Generated<number | null>;
}

export interface CaseTable {
  id: Generated<number>;
  slug: string;
  name: string;
  summary: string;
  story_md: string;
  story_html: string;
  status: CaseStatus;
  country_id: number | null;
  portrait_id: number | null;
  featured: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleTable {
  id: Generated<number>;
  type: ArticleType;
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  body_html: string;
  status: ArticleStatus;
  /** Where the item was written from, shown as a dateline ("Matamoros, Mexico"). */
  location: string;
  /** An urgent action's public reference ("UA 58/20"); empty for other types. */
  reference: string;
  lead_image_id: number | null;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Raised by one on every save: a save naming an older version is refused (optimistic concurrency). */
  version: Generated<number>;
  author_id: number | null;
  /**
   * The language the item is written in ('en', 'es', 'fr'); null when not stated, and search then
   * guesses it from the text (migration 006). PostgreSQL stems the item in this language.
   */
  language: Generated<string | null>;
  /** The article this one translates: always its group's source (migration 034). */
  translation_of: Generated<number | null>;
  /** 1 when the source's words changed after this translation was last brought up to date. */
  translation_outdated: Generated<number>;
}

/** A country's, region's or topic's name and address word in a language other than English (migration 034). */
export interface TaxonomyNameTable {
  kind: 'country' | 'region' | 'topic';
  target_id: number;
  language: string;
  name: string;
  slug: string;
}

/**
 * An old address word of a country, region, topic or case in a language ('en': the row's own
 * slug), which answers with a 301 to the one it has now (migration 037).
 */
export interface TaxonomyRedirectTable {
  kind: 'country' | 'region' | 'topic' | 'case';
  language: string;
  old_slug: string;
  target_id: number;
  created_at: Timestamp;
}

export interface ArticleCountryTable {
  article_id: number;
  country_id: number;
  position: number;
}
export interface ArticleTopicTable {
  article_id: number;
  topic_id: number;
  position: number;
}
export interface ArticleCaseTable {
  article_id: number;
  case_id: number;
  position: number;
}
export interface ArticleAttachmentTable {
  article_id: number;
  media_id: number;
  position: number;
}

/** The published items of each country, topic and case (migration 008) and region (010), kept by triggers. */
export interface ArticleListingTable {
  kind: 'country' | 'region' | 'topic' | 'case';
  scope_id: number;
  article_id: number;
  published_at: string | null;
}

export interface Database
  extends AdminTables,
    SubscriptionTables,
    DeliveryTables,
    ImportTables,
    ProofOfWorkTables,
    ActionTables,
    TallyTables,
    WebhookTables,
    LedgerTables,
    NetworkTables {
  regions: RegionTable;
  countries: CountryTable;
  topics: TopicTable;
  media: MediaTable;
  cases: CaseTable;
  articles: ArticleTable;
  taxonomy_names: TaxonomyNameTable;
  taxonomy_redirects: TaxonomyRedirectTable;
  article_countries: ArticleCountryTable;
  article_topics: ArticleTopicTable;
  article_cases: ArticleCaseTable;
  article_attachments: ArticleAttachmentTable;
  article_listings: ArticleListingTable;
}

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type MediaRow = Selectable<MediaTable>;
export type CountryRow = Selectable<CountryTable>;
export type RegionRow = Selectable<RegionTable>;
export type TopicRow = Selectable<TopicTable>;
export type CaseRow = Selectable<CaseTable>;

export const ROLES = ['admin', 'editor', 'author', 'campaigner'] as const;
export type Role = (typeof ROLES)[number];

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  password_hash: string;
  totp_secret: string | null;
  failed_logins: Generated<number>;
  /** Wrong two-factor codes since the last complete login or pause (migration 011). */
  failed_codes: Generated<number>;
  locked_until: Timestamp | null;
  password_changed_at: Timestamp;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen database holds no usable session. */
  id: string;
  user_id: number;
  stage: 'second-factor' | 'active';
  csrf_secret: string;
  ip: string;
  user_agent: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  /** Who acted, as shown (kept when the user is deleted): "Ana (ana@example.org)" or "system". */
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  /** The English sentence as written; shown only for entries older than `message`. */
  summary: string;
  /** `{"key":"audit.article.published","params":{…}}`: the sentence as data (migration 016). */
  message: Generated<string | null>;
  before_json: string | null;
  after_json: string | null;
  ip: string;
  created_at: Timestamp;
}

export const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: JobStatus;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: Generated<string>;
  idempotency_key: string | null;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<number>;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** A letter's Reply-To: the supporter it was written for (migration 025). */
  reply_to: Generated<string>;
  created_at: Timestamp;
}

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  /** 'refused': a save that lost an edit conflict, kept so no one's words are lost. */
  kind: 'saved' | 'refused';
  /** JSON of the article's editable fields and links at that version. */
  snapshot: string;
  user_id: number | null;
  created_at: Timestamp;
}

export interface SlugRedirectTable {
  old_slug: string;
  article_id: number;
  created_at: Timestamp;
}

export interface CachePurgeTable {
  id: Generated<number>;
  /** Space-separated content keys ("article:42 country:mx"), or "*" for everything. */
  keys: string;
  created_at: Timestamp;
  /**
   * PostgreSQL only (migration 014): the writing transaction (xid8, as text), which orders the log
   * by commit where ids cannot; read through SQL by the PurgeListener. SQLite has no such column.
   */
  txid?: Generated<string>;
}

export interface AdminTables {
  cache_purges: CachePurgeTable;
  users: UserTable;
  sessions: SessionTable;
  password_resets: PasswordResetTable;
  audit_log: AuditLogTable;
  jobs: JobTable;
  mail_outbox: MailOutboxTable;
  article_revisions: ArticleRevisionTable;
  slug_redirects: SlugRedirectTable;
  setup_lock: SetupLockTable;
}

/** One row, locked by the first-administrator setup so two at once run in turn (migration 015). */
export interface SetupLockTable {
  id: number;
  taken: number;
}

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type JobRow = Selectable<JobTable>;

export const SUBSCRIBER_FREQUENCIES = ['each', 'daily', 'weekly'] as const;
export type SubscriberFrequency = (typeof SUBSCRIBER_FREQUENCIES)[number];
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed', 'suppressed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
export const FOLLOW_KINDS = ['country', 'region', 'topic', 'case', 'everything'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];
export const CONSENT_EVENT_KINDS = [
  'requested',
  'confirmed',
  'changed',
  'unsubscribed',
  'suppressed',
  'imported',
] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/** A supporter who asked for email (migration 017). `email` is normalised (subscriptions/rules.ts). */
export interface SubscriberTable {
  id: Generated<number>;
  email: string;
  name: string | null;
  language: string;
  frequency: SubscriberFrequency;
  status: SubscriberStatus;
  created_at: Timestamp;
  confirmed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface SubscriberFollowTable {
  subscriber_id: number;
  kind: FollowKind;
  /** The newsroom's id of the country, region, topic or case; 0 for `everything`. */
  target_id: number;
}

export interface SubscriberTokenTable {
  /** SHA-256 of the link's token: the database never holds a usable link. */
  token_hash: string;
  subscriber_id: number;
  purpose: 'confirm' | 'manage';
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ConsentWordingTable {
  /** SHA-256 (hex) of `text`. */
  hash: string;
  language: string;
  text: string;
  created_at: Timestamp;
}

export interface ConsentEventTable {
  id: Generated<number>;
  subscriber_id: number;
  kind: ConsentEventKind;
  occurred_at: Timestamp;
  /** The page the form was on ("/subscribe?country=mexico"), and which form ("subscribe-page"). */
  source_page: Generated<string>;
  source_form: Generated<string>;
  wording_hash: string | null;
  token_hash: string | null;
  /** Only when CONSENT_RECORD_IP=on. */
  ip: string | null;
  /** JSON of what was asked for (frequency, language, follows). */
  details: string | null;
}

export interface SubscriptionTables {
  subscribers: SubscriberTable;
  subscriber_follows: SubscriberFollowTable;
  subscriber_tokens: SubscriberTokenTable;
  consent_wordings: ConsentWordingTable;
  consent_events: ConsentEventTable;
  suppressions: SuppressionTable;
  site_secrets: SiteSecretTable;
}

export const SUPPRESSION_REASONS = ['bounce', 'complaint', 'manual', 'unsubscribed', 'erased'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
export type SuppressionSource = 'webhook' | 'admin' | 'link' | 'erasure';

/** An address never to be mailed again, as a salted hash only (migration 019). */
export interface SuppressionTable {
  /** HMAC-SHA-256 of the normalised address under the stored salt (subscriptions/suppression.ts). */
  email_hash: string;
  reason: SuppressionReason;
  source: SuppressionSource;
  note: Generated<string>;
  /** When it happened (a relay's bounce time); `created_at` is when Candle learnt of it. */
  occurred_at: Timestamp;
  created_at: Timestamp;
}

/** Secrets Candle generates for itself on first use and shares across instances (migration 019). */
export interface SiteSecretTable {
  name: string;
  value: string;
  created_at: Timestamp;
}
