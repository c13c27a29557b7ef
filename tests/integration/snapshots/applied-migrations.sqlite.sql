-- index alert_deliveries_by_subscriber
CREATE INDEX "alert_deliveries_by_subscriber" on "alert_deliveries" ("subscriber_id")

-- index article_attachments_by_media_id
CREATE INDEX "article_attachments_by_media_id" on "article_attachments" ("media_id", "article_id")

-- index article_cases_by_case_id
CREATE INDEX "article_cases_by_case_id" on "article_cases" ("case_id", "article_id")

-- index article_countries_by_country_id
CREATE INDEX "article_countries_by_country_id" on "article_countries" ("country_id", "article_id")

-- index article_listings_article
CREATE INDEX article_listings_article on article_listings (article_id)

-- index article_listings_order
CREATE INDEX article_listings_order on article_listings (kind, scope_id, published_at, article_id)

-- index article_revisions_by_article
CREATE INDEX "article_revisions_by_article" on "article_revisions" ("article_id", "id")

-- index article_topics_by_topic_id
CREATE INDEX "article_topics_by_topic_id" on "article_topics" ("topic_id", "article_id")

-- index articles_status_published
CREATE INDEX "articles_status_published" on "articles" ("status", "published_at", "id")

-- index articles_status_type_published
CREATE INDEX articles_status_type_published on articles (status, type, published_at, id)

-- index audit_by_entity
CREATE INDEX "audit_by_entity" on "audit_log" ("entity_type", "entity_id")

-- index audit_by_time
CREATE INDEX "audit_by_time" on "audit_log" ("created_at", "id")

-- index consent_events_by_subscriber
CREATE INDEX "consent_events_by_subscriber" on "consent_events" ("subscriber_id", "id")

-- index digest_entries_by_alert
CREATE INDEX "digest_entries_by_alert" on "digest_entries" ("alert_id")

-- index jobs_due
CREATE INDEX "jobs_due" on "jobs" ("status", "run_at")

-- index search_meta_published
CREATE INDEX search_meta_published on search_meta (published_at)

-- index sessions_by_user
CREATE INDEX "sessions_by_user" on "sessions" ("user_id")

-- index sqlite_autoindex_alert_deliveries_1


-- index sqlite_autoindex_alerts_1


-- index sqlite_autoindex_article_attachments_1


-- index sqlite_autoindex_article_cases_1


-- index sqlite_autoindex_article_countries_1


-- index sqlite_autoindex_article_listings_1


-- index sqlite_autoindex_article_topics_1


-- index sqlite_autoindex_articles_1


-- index sqlite_autoindex_cases_1


-- index sqlite_autoindex_consent_wordings_1


-- index sqlite_autoindex_countries_1


-- index sqlite_autoindex_countries_2


-- index sqlite_autoindex_delivery_rate_1


-- index sqlite_autoindex_digest_entries_1


-- index sqlite_autoindex_digests_1


-- index sqlite_autoindex_jobs_1


-- index sqlite_autoindex_kysely_migration_1


-- index sqlite_autoindex_kysely_migration_lock_1


-- index sqlite_autoindex_mail_outbox_1


-- index sqlite_autoindex_media_1


-- index sqlite_autoindex_password_resets_1


-- index sqlite_autoindex_regions_1


-- index sqlite_autoindex_sessions_1


-- index sqlite_autoindex_site_secrets_1


-- index sqlite_autoindex_slug_redirects_1


-- index sqlite_autoindex_subscriber_follows_1


-- index sqlite_autoindex_subscriber_tokens_1


-- index sqlite_autoindex_subscribers_1


-- index sqlite_autoindex_suppressions_1


-- index sqlite_autoindex_topics_1


-- index sqlite_autoindex_users_1


-- index subscriber_follows_by_target
CREATE INDEX "subscriber_follows_by_target" on "subscriber_follows" ("kind", "target_id")

-- index subscriber_tokens_by_subscriber
CREATE INDEX "subscriber_tokens_by_subscriber" on "subscriber_tokens" ("subscriber_id")

-- index subscribers_by_status
CREATE INDEX "subscribers_by_status" on "subscribers" ("status", "created_at")

-- index suppressions_by_time
CREATE INDEX "suppressions_by_time" on "suppressions" ("created_at")

-- table alert_deliveries
CREATE TABLE "alert_deliveries" ("alert_id" integer not null references "alerts" ("id") on delete cascade, "subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "status" text not null check ("status" in ('queued', 'sending', 'sent', 'failed', 'dead', 'cancelled')), "attempts" integer default 0 not null, "next_attempt_at" text not null, "claimed_until" text, "sent_at" text, "last_error" text, constraint "alert_deliveries_pk" primary key ("alert_id", "subscriber_id"))

-- table alerts
CREATE TABLE "alerts" ("id" integer primary key autoincrement, "article_id" integer not null unique, "title" text not null, "summary" text not null, "path" text not null, "follows" text not null, "published_at" text not null, "created_at" text not null, "fanned_out_at" text, "withdrawn_at" text)

-- table article_attachments
CREATE TABLE "article_attachments" ("article_id" integer not null references "articles" ("id") on delete cascade, "media_id" integer not null references "media" ("id") on delete cascade, "position" integer default 0 not null, constraint "article_attachments_pk" primary key ("article_id", "media_id"))

-- table article_cards
CREATE TABLE article_cards (
       article_id integer primary key references articles(id) on delete cascade,
       generation integer not null default 0,
       renderer text,
       html blob
     )

-- table article_cases
CREATE TABLE "article_cases" ("article_id" integer not null references "articles" ("id") on delete cascade, "case_id" integer not null references "cases" ("id") on delete cascade, "position" integer default 0 not null, constraint "article_cases_pk" primary key ("article_id", "case_id"))

-- table article_countries
CREATE TABLE "article_countries" ("article_id" integer not null references "articles" ("id") on delete cascade, "country_id" integer not null references "countries" ("id") on delete cascade, "position" integer default 0 not null, constraint "article_countries_pk" primary key ("article_id", "country_id"))

-- table article_listings
CREATE TABLE article_listings (
  kind text not null,
  scope_id integer not null,
  article_id integer not null references articles(id) on delete cascade,
  published_at text,
  primary key (kind, scope_id, article_id)
)

-- table article_revisions
CREATE TABLE "article_revisions" ("id" integer primary key autoincrement, "article_id" integer not null references "articles" ("id") on delete cascade, "version" integer not null, "kind" text not null check ("kind" in ('saved', 'refused')), "snapshot" text not null, "user_id" integer references "users" ("id") on delete set null, "created_at" text not null)

-- table article_topics
CREATE TABLE "article_topics" ("article_id" integer not null references "articles" ("id") on delete cascade, "topic_id" integer not null references "topics" ("id") on delete cascade, "position" integer default 0 not null, constraint "article_topics_pk" primary key ("article_id", "topic_id"))

-- table articles
CREATE TABLE "articles" ("id" integer primary key autoincrement, "type" text not null check ("type" in ('news', 'press-release', 'open-letter', 'report', 'blog', 'good-news', 'urgent-action')), "slug" text not null unique, "title" text not null, "summary" text default '' not null, "body_md" text default '' not null, "body_html" text default '' not null, "status" text not null check ("status" in ('draft', 'scheduled', 'published', 'archived')), "location" text default '' not null, "reference" text default '' not null, "lead_image_id" integer references "media" ("id") on delete set null, "published_at" text, "created_at" text not null, "updated_at" text not null, "version" integer default 1 not null, "author_id" integer, language text)

-- table audit_log
CREATE TABLE "audit_log" ("id" integer primary key autoincrement, "user_id" integer references "users" ("id") on delete set null, "actor" text not null, "action" text not null, "entity_type" text not null, "entity_id" text not null, "summary" text not null, "before_json" text, "after_json" text, "ip" text default '' not null, "created_at" text not null, "message" text)

-- table cache_purges
CREATE TABLE "cache_purges" ("id" integer primary key autoincrement, "keys" text not null, "created_at" text not null)

-- table cases
CREATE TABLE "cases" ("id" integer primary key autoincrement, "slug" text not null unique, "name" text not null, "summary" text default '' not null, "story_md" text default '' not null, "story_html" text default '' not null, "status" text not null check ("status" in ('ongoing', 'closed')), "country_id" integer references "countries" ("id") on delete set null, "portrait_id" integer references "media" ("id") on delete set null, "featured" integer default 0 not null, "created_at" text not null, "updated_at" text not null)

-- table consent_events
CREATE TABLE "consent_events" ("id" integer primary key autoincrement, "subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "kind" text not null check ("kind" in ('requested', 'confirmed', 'changed', 'unsubscribed', 'suppressed', 'imported')), "occurred_at" text not null, "source_page" text default '' not null, "source_form" text default '' not null, "wording_hash" text references "consent_wordings" ("hash"), "token_hash" text, "ip" text, "details" text)

-- table consent_wordings
CREATE TABLE "consent_wordings" ("hash" text primary key, "language" text not null, "text" text not null, "created_at" text not null)

-- table countries
CREATE TABLE "countries" ("id" integer primary key autoincrement, "code" text not null unique, "slug" text not null unique, "name" text not null, "region_id" integer not null references "regions" ("id"), "featured" integer default 0 not null)

-- table delivery_rate
CREATE TABLE "delivery_rate" ("domain" text not null, "window_start" text not null, "sent" integer not null, constraint "delivery_rate_pk" primary key ("domain", "window_start"))

-- table digest_entries
CREATE TABLE "digest_entries" ("subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "alert_id" integer not null references "alerts" ("id") on delete cascade, "created_at" text not null, "period" text, constraint "digest_entries_pk" primary key ("subscriber_id", "alert_id"))

-- table digests
CREATE TABLE "digests" ("subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "period" text not null, "status" text not null check ("status" in ('sending', 'sent', 'empty')), "claimed_until" text, "sent_at" text, "created_at" text not null, constraint "digests_pk" primary key ("subscriber_id", "period"))

-- table jobs
CREATE TABLE "jobs" ("id" integer primary key autoincrement, "kind" text not null, "payload" text not null, "status" text not null check ("status" in ('queued', 'running', 'done', 'dead', 'cancelled')), "run_at" text not null, "attempts" integer default 0 not null, "max_attempts" integer default 8 not null, "last_error" text default '' not null, "idempotency_key" text unique, "locked_until" text, "created_at" text not null, "updated_at" text not null)

-- table kysely_migration
CREATE TABLE "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null)

-- table kysely_migration_lock
CREATE TABLE "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null)

-- table mail_outbox
CREATE TABLE "mail_outbox" ("id" integer primary key autoincrement, "message_id" text not null unique, "to_address" text not null, "subject" text not null, "text_body" text not null, "html_body" text default '' not null, "created_at" text not null)

-- table media
CREATE TABLE "media" ("id" integer primary key autoincrement, "kind" text not null check ("kind" in ('image', 'document')), "storage_key" text not null unique, "original_name" text not null, "mime" text not null, "bytes" integer not null, "width" integer, "height" integer, "variant_widths" text default '' not null, "alt" text default '' not null, "caption" text default '' not null, "credit" text default '' not null, "created_at" text not null, "avif_widths" text default '' not null, "page_count" integer, "document_title" text default '' not null, "uploaded_by" integer references "users" ("id") on delete set null)

-- table password_resets
CREATE TABLE "password_resets" ("token_hash" text primary key, "user_id" integer not null references "users" ("id") on delete cascade, "expires_at" text not null, "used_at" text, "created_at" text not null)

-- table regions
CREATE TABLE "regions" ("id" integer primary key autoincrement, "slug" text not null unique, "name" text not null)

-- table search_fts
CREATE VIRTUAL TABLE search_fts using fts5(title, names, summary, body,
       tokenize = 'porter unicode61 remove_diacritics 2')

-- table search_fts_config
CREATE TABLE 'search_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID

-- table search_fts_content
CREATE TABLE 'search_fts_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3)

-- table search_fts_data
CREATE TABLE 'search_fts_data'(id INTEGER PRIMARY KEY, block BLOB)

-- table search_fts_docsize
CREATE TABLE 'search_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB)

-- table search_fts_idx
CREATE TABLE 'search_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID

-- table search_meta
CREATE TABLE search_meta (id integer primary key, type text not null, published_at text, facets text not null default '')

-- table search_words
CREATE VIRTUAL TABLE search_words using fts5(words,
       tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, detail = none)

-- table search_words_config
CREATE TABLE 'search_words_config'(k PRIMARY KEY, v) WITHOUT ROWID

-- table search_words_data
CREATE TABLE 'search_words_data'(id INTEGER PRIMARY KEY, block BLOB)

-- table search_words_docsize
CREATE TABLE 'search_words_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER)

-- table search_words_idx
CREATE TABLE 'search_words_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID

-- table search_words_vocab
CREATE VIRTUAL TABLE search_words_vocab using fts5vocab(search_words, row)

-- table sessions
CREATE TABLE "sessions" ("id" text primary key, "user_id" integer not null references "users" ("id") on delete cascade, "stage" text not null check ("stage" in ('second-factor', 'active')), "csrf_secret" text not null, "ip" text default '' not null, "user_agent" text default '' not null, "created_at" text not null, "last_seen_at" text not null, "expires_at" text not null)

-- table setup_lock
CREATE TABLE "setup_lock" ("id" integer primary key, "taken" integer default 0 not null)

-- table site_secrets
CREATE TABLE "site_secrets" ("name" text primary key, "value" text not null, "created_at" text not null)

-- table slug_redirects
CREATE TABLE "slug_redirects" ("old_slug" text primary key, "article_id" integer not null references "articles" ("id") on delete cascade, "created_at" text not null)

-- table sqlite_sequence
CREATE TABLE sqlite_sequence(name,seq)

-- table subscriber_follows
CREATE TABLE "subscriber_follows" ("subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "kind" text not null check ("kind" in ('country', 'region', 'topic', 'case', 'everything')), "target_id" integer not null, constraint "subscriber_follows_pk" primary key ("subscriber_id", "kind", "target_id"))

-- table subscriber_tokens
CREATE TABLE "subscriber_tokens" ("token_hash" text primary key, "subscriber_id" integer not null references "subscribers" ("id") on delete cascade, "purpose" text not null check ("purpose" in ('confirm', 'manage')), "created_at" text not null, "expires_at" text not null, "used_at" text)

-- table subscribers
CREATE TABLE "subscribers" ("id" integer primary key autoincrement, "email" text not null unique, "name" text, "language" text not null, "frequency" text not null check ("frequency" in ('each', 'daily', 'weekly')), "status" text not null check ("status" in ('pending', 'confirmed', 'unsubscribed', 'suppressed')), "created_at" text not null, "confirmed_at" text, "updated_at" text not null)

-- table suppressions
CREATE TABLE "suppressions" ("email_hash" text primary key, "reason" text not null check ("reason" in ('bounce', 'complaint', 'manual', 'unsubscribed', 'erased')), "source" text not null check ("source" in ('webhook', 'admin', 'link', 'erasure')), "note" text default '' not null, "occurred_at" text not null, "created_at" text not null)

-- table topics
CREATE TABLE "topics" ("id" integer primary key autoincrement, "slug" text not null unique, "name" text not null, "description" text default '' not null)

-- table users
CREATE TABLE "users" ("id" integer primary key autoincrement, "email" text not null unique, "name" text not null, "role" text not null check ("role" in ('admin', 'editor', 'author', 'campaigner')), "status" text not null check ("status" in ('active', 'disabled')), "password_hash" text not null, "totp_secret" text, "failed_logins" integer default 0 not null, "locked_until" text, "password_changed_at" text not null, "last_login_at" text, "created_at" text not null, "updated_at" text not null, "failed_codes" integer default 0 not null)

-- trigger cards_articles
CREATE TRIGGER cards_articles after update of type, slug, title, summary, location, reference, lead_image_id, published_at, status on articles
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (new.id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger cards_countries
CREATE TRIGGER cards_countries after update of slug, name, code on countries
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (select article_id from article_countries where country_id = new.id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger cards_links_delete
CREATE TRIGGER cards_links_delete after delete on article_countries
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (old.article_id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger cards_links_insert
CREATE TRIGGER cards_links_insert after insert on article_countries
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (new.article_id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger cards_links_update
CREATE TRIGGER cards_links_update after update on article_countries
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (old.article_id, new.article_id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger cards_media
CREATE TRIGGER cards_media after update of storage_key, width, height, variant_widths, avif_widths, alt, caption, credit on media
     begin insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (select id from articles where lead_image_id = new.id)
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null; end

-- trigger listings_article_cases_delete
CREATE TRIGGER listings_article_cases_delete after delete on article_cases begin delete from article_listings
      where kind = 'case' and scope_id = old.case_id and article_id = old.article_id; end

-- trigger listings_article_cases_insert
CREATE TRIGGER listings_article_cases_insert after insert on article_cases begin insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'case', l.case_id, a.id, a.published_at from article_cases l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.case_id = new.case_id; end

-- trigger listings_article_cases_update
CREATE TRIGGER listings_article_cases_update after update of article_id, case_id on article_cases
       begin delete from article_listings
      where kind = 'case' and scope_id = old.case_id and article_id = old.article_id; insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'case', l.case_id, a.id, a.published_at from article_cases l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.case_id = new.case_id; end

-- trigger listings_article_countries_delete
CREATE TRIGGER listings_article_countries_delete after delete on article_countries begin delete from article_listings
      where kind = 'country' and scope_id = old.country_id and article_id = old.article_id; end

-- trigger listings_article_countries_insert
CREATE TRIGGER listings_article_countries_insert after insert on article_countries begin insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'country', l.country_id, a.id, a.published_at from article_countries l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.country_id = new.country_id; end

-- trigger listings_article_countries_update
CREATE TRIGGER listings_article_countries_update after update of article_id, country_id on article_countries
       begin delete from article_listings
      where kind = 'country' and scope_id = old.country_id and article_id = old.article_id; insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'country', l.country_id, a.id, a.published_at from article_countries l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.country_id = new.country_id; end

-- trigger listings_article_topics_delete
CREATE TRIGGER listings_article_topics_delete after delete on article_topics begin delete from article_listings
      where kind = 'topic' and scope_id = old.topic_id and article_id = old.article_id; end

-- trigger listings_article_topics_insert
CREATE TRIGGER listings_article_topics_insert after insert on article_topics begin insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'topic', l.topic_id, a.id, a.published_at from article_topics l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.topic_id = new.topic_id; end

-- trigger listings_article_topics_update
CREATE TRIGGER listings_article_topics_update after update of article_id, topic_id on article_topics
       begin delete from article_listings
      where kind = 'topic' and scope_id = old.topic_id and article_id = old.article_id; insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      select 'topic', l.topic_id, a.id, a.published_at from article_topics l join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.topic_id = new.topic_id; end

-- trigger listings_articles
CREATE TRIGGER listings_articles after update of status, published_at on articles begin
     delete from article_listings where article_id = new.id;
     insert into article_listings (kind, scope_id, article_id, published_at)
     select 'country', l.country_id, new.id, new.published_at from article_countries l
     where l.article_id = new.id and new.status = 'published';
insert into article_listings (kind, scope_id, article_id, published_at)
     select 'topic', l.topic_id, new.id, new.published_at from article_topics l
     where l.article_id = new.id and new.status = 'published';
insert into article_listings (kind, scope_id, article_id, published_at)
     select 'case', l.case_id, new.id, new.published_at from article_cases l
     where l.article_id = new.id and new.status = 'published';
     insert into article_listings (kind, scope_id, article_id, published_at)
  select distinct 'region', c.region_id, new.id, new.published_at
  from article_countries l join countries c on c.id = l.country_id
  where l.article_id = new.id and new.status = 'published';
   end

-- trigger region_listings_country
CREATE TRIGGER region_listings_country after update of region_id on countries
     when old.region_id is not new.region_id
     begin
       delete from article_listings
  where kind = 'region' and scope_id = old.region_id
    and article_id in (select article_id from article_countries where country_id = new.id)
    and not exists (
      select 1 from article_countries l join countries c on c.id = l.country_id
      where l.article_id = article_listings.article_id and c.region_id = old.region_id
    );
       insert or ignore into article_listings (kind, scope_id, article_id, published_at)
       select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and l.country_id = new.id;
     end

-- trigger region_listings_link_delete
CREATE TRIGGER region_listings_link_delete after delete on article_countries begin delete from article_listings
   where kind = 'region' and article_id = old.article_id
     and not exists (
       select 1 from article_countries l join countries c on c.id = l.country_id
       where l.article_id = article_listings.article_id and c.region_id = article_listings.scope_id
     ); end

-- trigger region_listings_link_insert
CREATE TRIGGER region_listings_link_insert after insert on article_countries begin insert or ignore into article_listings (kind, scope_id, article_id, published_at)
    select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.country_id = new.country_id; end

-- trigger region_listings_link_update
CREATE TRIGGER region_listings_link_update after update of article_id, country_id on article_countries
     begin delete from article_listings
   where kind = 'region' and article_id = old.article_id
     and not exists (
       select 1 from article_countries l join countries c on c.id = l.country_id
       where l.article_id = article_listings.article_id and c.region_id = article_listings.scope_id
     ); insert or ignore into article_listings (kind, scope_id, article_id, published_at)
    select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.country_id = new.country_id; end

-- trigger search_article_cases_delete
CREATE TRIGGER search_article_cases_delete after delete on article_cases begin 
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; end

-- trigger search_article_cases_insert
CREATE TRIGGER search_article_cases_insert after insert on article_cases begin 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_article_cases_update
CREATE TRIGGER search_article_cases_update after update on article_cases begin
         
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_article_countries_delete
CREATE TRIGGER search_article_countries_delete after delete on article_countries begin 
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; end

-- trigger search_article_countries_insert
CREATE TRIGGER search_article_countries_insert after insert on article_countries begin 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_article_countries_update
CREATE TRIGGER search_article_countries_update after update on article_countries begin
         
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_article_topics_delete
CREATE TRIGGER search_article_topics_delete after delete on article_topics begin 
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; end

-- trigger search_article_topics_insert
CREATE TRIGGER search_article_topics_insert after insert on article_topics begin 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_article_topics_update
CREATE TRIGGER search_article_topics_update after update on article_topics begin
         
    delete from search_fts where rowid = old.article_id;
    delete from search_words where rowid = old.article_id;
    delete from search_meta where id = old.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = old.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = old.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = old.article_id; 
    delete from search_fts where rowid = new.article_id;
    delete from search_words where rowid = new.article_id;
    delete from search_meta where id = new.article_id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.article_id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.article_id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.article_id; end

-- trigger search_articles_delete
CREATE TRIGGER search_articles_delete after delete on articles begin
       delete from search_fts where rowid = old.id;
       delete from search_words where rowid = old.id;
       delete from search_meta where id = old.id;
     end

-- trigger search_articles_insert
CREATE TRIGGER search_articles_insert after insert on articles begin 
    delete from search_fts where rowid = new.id;
    delete from search_words where rowid = new.id;
    delete from search_meta where id = new.id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.id; end

-- trigger search_articles_update
CREATE TRIGGER search_articles_update
     after update of id, type, title, summary, body_md, status, location, reference, published_at
     on articles begin
       delete from search_fts where rowid = old.id;
       delete from search_words where rowid = old.id;
       delete from search_meta where id = old.id;
       
    delete from search_fts where rowid = new.id;
    delete from search_words where rowid = new.id;
    delete from search_meta where id = new.id;
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = new.id;
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = new.id;
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = new.id;
     end

-- trigger search_cases_rename
CREATE TRIGGER search_cases_rename after update of name on cases begin
         
    delete from search_fts where rowid in (select article_id from article_cases where case_id = new.id);
    delete from search_words where rowid in (select article_id from article_cases where case_id = new.id);
    delete from search_meta where id in (select article_id from article_cases where case_id = new.id);
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id in (select article_id from article_cases where case_id = new.id);
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id in (select article_id from article_cases where case_id = new.id);
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id in (select article_id from article_cases where case_id = new.id); end

-- trigger search_countries_rename
CREATE TRIGGER search_countries_rename after update of name on countries begin
         
    delete from search_fts where rowid in (select article_id from article_countries where country_id = new.id);
    delete from search_words where rowid in (select article_id from article_countries where country_id = new.id);
    delete from search_meta where id in (select article_id from article_countries where country_id = new.id);
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id in (select article_id from article_countries where country_id = new.id);
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id in (select article_id from article_countries where country_id = new.id);
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id in (select article_id from article_countries where country_id = new.id); end

-- trigger search_topics_rename
CREATE TRIGGER search_topics_rename after update of name on topics begin
         
    delete from search_fts where rowid in (select article_id from article_topics where topic_id = new.id);
    delete from search_words where rowid in (select article_id from article_topics where topic_id = new.id);
    delete from search_meta where id in (select article_id from article_topics where topic_id = new.id);
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id in (select article_id from article_topics where topic_id = new.id);
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id in (select article_id from article_topics where topic_id = new.id);
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id in (select article_id from article_topics where topic_id = new.id); end

-- view search_meta_source
CREATE VIEW search_meta_source as
     select s.id, s.type, s.published_at, trim(
       coalesce((select group_concat('c' || x.country_id, ' ') from article_countries x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('t' || x.topic_id, ' ') from article_topics x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('k' || x.case_id, ' ') from article_cases x where x.article_id = s.id), '')
     ) as facets
     from search_source s

-- view search_source
CREATE VIEW search_source as
    select a.id, a.title,
      coalesce((select group_concat(n.name, ' ') from article_countries x join countries n on n.id = x.country_id where x.article_id = a.id), '') || ' ' || coalesce((select group_concat(n.name, ' ') from article_cases x join cases n on n.id = x.case_id where x.article_id = a.id), '') || ' ' || coalesce((select group_concat(n.name, ' ') from article_topics x join topics n on n.id = x.topic_id where x.article_id = a.id), '') || ' ' || a.location || ' ' || a.reference as names,
      a.summary, a.body_md as body, a.type, a.published_at
    from articles a where a.status = 'published'
