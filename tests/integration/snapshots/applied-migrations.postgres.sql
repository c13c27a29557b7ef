-- columns
alert_deliveries alert_id integer NO NO
alert_deliveries subscriber_id integer NO NO
alert_deliveries status text NO NO
alert_deliveries attempts integer NO 0 NO
alert_deliveries next_attempt_at timestamp with time zone NO NO
alert_deliveries claimed_until timestamp with time zone YES NO
alert_deliveries sent_at timestamp with time zone YES NO
alert_deliveries last_error text YES NO
alerts id integer NO YES BY DEFAULT
alerts article_id integer NO NO
alerts title text NO NO
alerts summary text NO NO
alerts path text NO NO
alerts follows text NO NO
alerts published_at timestamp with time zone NO NO
alerts created_at timestamp with time zone NO NO
alerts fanned_out_at timestamp with time zone YES NO
alerts withdrawn_at timestamp with time zone YES NO
article_attachments article_id integer NO NO
article_attachments media_id integer NO NO
article_attachments position integer NO 0 NO
article_cards article_id integer NO NO
article_cards generation bigint NO 0 NO
article_cards renderer text YES NO
article_cards html bytea YES NO
article_cases article_id integer NO NO
article_cases case_id integer NO NO
article_cases position integer NO 0 NO
article_countries article_id integer NO NO
article_countries country_id integer NO NO
article_countries position integer NO 0 NO
article_listings kind text NO NO
article_listings scope_id integer NO NO
article_listings article_id integer NO NO
article_listings published_at timestamp with time zone YES NO
article_revisions id integer NO YES BY DEFAULT
article_revisions article_id integer NO NO
article_revisions version integer NO NO
article_revisions kind text NO NO
article_revisions snapshot text NO NO
article_revisions user_id integer YES NO
article_revisions created_at timestamp with time zone NO NO
article_topics article_id integer NO NO
article_topics topic_id integer NO NO
article_topics position integer NO 0 NO
articles id integer NO YES BY DEFAULT
articles type text NO NO
articles slug text NO NO
articles title text NO NO
articles summary text NO ''::text NO
articles body_md text NO ''::text NO
articles body_html text NO ''::text NO
articles status text NO NO
articles location text NO ''::text NO
articles reference text NO ''::text NO
articles lead_image_id integer YES NO
articles published_at timestamp with time zone YES NO
articles created_at timestamp with time zone NO NO
articles updated_at timestamp with time zone NO NO
articles version integer NO 1 NO
articles author_id integer YES NO
articles language text YES NO
audit_log id integer NO YES BY DEFAULT
audit_log user_id integer YES NO
audit_log actor text NO NO
audit_log action text NO NO
audit_log entity_type text NO NO
audit_log entity_id text NO NO
audit_log summary text NO NO
audit_log before_json text YES NO
audit_log after_json text YES NO
audit_log ip text NO ''::text NO
audit_log created_at timestamp with time zone NO NO
audit_log message text YES NO
cache_purges id integer NO YES BY DEFAULT
cache_purges keys text NO NO
cache_purges created_at timestamp with time zone NO NO
cases id integer NO YES BY DEFAULT
cases slug text NO NO
cases name text NO NO
cases summary text NO ''::text NO
cases story_md text NO ''::text NO
cases story_html text NO ''::text NO
cases status text NO NO
cases country_id integer YES NO
cases portrait_id integer YES NO
cases featured integer NO 0 NO
cases created_at timestamp with time zone NO NO
cases updated_at timestamp with time zone NO NO
consent_events id integer NO YES BY DEFAULT
consent_events subscriber_id integer NO NO
consent_events kind text NO NO
consent_events occurred_at timestamp with time zone NO NO
consent_events source_page text NO ''::text NO
consent_events source_form text NO ''::text NO
consent_events wording_hash text YES NO
consent_events token_hash text YES NO
consent_events ip text YES NO
consent_events details text YES NO
consent_wordings hash text NO NO
consent_wordings language text NO NO
consent_wordings text text NO NO
consent_wordings created_at timestamp with time zone NO NO
countries id integer NO YES BY DEFAULT
countries code text NO NO
countries slug text NO NO
countries name text NO NO
countries region_id integer NO NO
countries featured integer NO 0 NO
delivery_rate domain text NO NO
delivery_rate window_start timestamp with time zone NO NO
delivery_rate sent integer NO NO
digest_entries subscriber_id integer NO NO
digest_entries alert_id integer NO NO
digest_entries created_at timestamp with time zone NO NO
digest_entries period text YES NO
digests subscriber_id integer NO NO
digests period text NO NO
digests status text NO NO
digests claimed_until timestamp with time zone YES NO
digests sent_at timestamp with time zone YES NO
digests created_at timestamp with time zone NO NO
jobs id integer NO YES BY DEFAULT
jobs kind text NO NO
jobs payload text NO NO
jobs status text NO NO
jobs run_at timestamp with time zone NO NO
jobs attempts integer NO 0 NO
jobs max_attempts integer NO 8 NO
jobs last_error text NO ''::text NO
jobs idempotency_key text YES NO
jobs locked_until timestamp with time zone YES NO
jobs created_at timestamp with time zone NO NO
jobs updated_at timestamp with time zone NO NO
kysely_migration name character varying NO NO
kysely_migration timestamp character varying NO NO
kysely_migration_lock id character varying NO NO
kysely_migration_lock is_locked integer NO 0 NO
mail_outbox id integer NO YES BY DEFAULT
mail_outbox message_id text NO NO
mail_outbox to_address text NO NO
mail_outbox subject text NO NO
mail_outbox text_body text NO NO
mail_outbox html_body text NO ''::text NO
mail_outbox created_at timestamp with time zone NO NO
media id integer NO YES BY DEFAULT
media kind text NO NO
media storage_key text NO NO
media original_name text NO NO
media mime text NO NO
media bytes integer NO NO
media width integer YES NO
media height integer YES NO
media variant_widths text NO ''::text NO
media alt text NO ''::text NO
media caption text NO ''::text NO
media credit text NO ''::text NO
media created_at timestamp with time zone NO NO
media avif_widths text NO ''::text NO
media page_count integer YES NO
media document_title text NO ''::text NO
media uploaded_by integer YES NO
password_resets token_hash text NO NO
password_resets user_id integer NO NO
password_resets expires_at timestamp with time zone NO NO
password_resets used_at timestamp with time zone YES NO
password_resets created_at timestamp with time zone NO NO
regions id integer NO YES BY DEFAULT
regions slug text NO NO
regions name text NO NO
search_documents article_id integer NO NO
search_documents type text NO NO
search_documents published_at timestamp with time zone YES NO
search_documents document tsvector NO NO
search_documents head tsvector NO NO
search_documents fuzzy text NO NO
search_source id integer YES NO
search_source title text YES NO
search_source names text YES NO
search_source summary text YES NO
search_source body text YES NO
search_source type text YES NO
search_source published_at timestamp with time zone YES NO
search_source language text YES NO
search_words word text NO NO
sessions id text NO NO
sessions user_id integer NO NO
sessions stage text NO NO
sessions csrf_secret text NO NO
sessions ip text NO ''::text NO
sessions user_agent text NO ''::text NO
sessions created_at timestamp with time zone NO NO
sessions last_seen_at timestamp with time zone NO NO
sessions expires_at timestamp with time zone NO NO
setup_lock id integer NO NO
setup_lock taken integer NO 0 NO
site_secrets name text NO NO
site_secrets value text NO NO
site_secrets created_at timestamp with time zone NO NO
slug_redirects old_slug text NO NO
slug_redirects article_id integer NO NO
slug_redirects created_at timestamp with time zone NO NO
subscriber_follows subscriber_id integer NO NO
subscriber_follows kind text NO NO
subscriber_follows target_id integer NO NO
subscriber_tokens token_hash text NO NO
subscriber_tokens subscriber_id integer NO NO
subscriber_tokens purpose text NO NO
subscriber_tokens created_at timestamp with time zone NO NO
subscriber_tokens expires_at timestamp with time zone NO NO
subscriber_tokens used_at timestamp with time zone YES NO
subscribers id integer NO YES BY DEFAULT
subscribers email text NO NO
subscribers name text YES NO
subscribers language text NO NO
subscribers frequency text NO NO
subscribers status text NO NO
subscribers created_at timestamp with time zone NO NO
subscribers confirmed_at timestamp with time zone YES NO
subscribers updated_at timestamp with time zone NO NO
suppressions email_hash text NO NO
suppressions reason text NO NO
suppressions source text NO NO
suppressions note text NO ''::text NO
suppressions occurred_at timestamp with time zone NO NO
suppressions created_at timestamp with time zone NO NO
topics id integer NO YES BY DEFAULT
topics slug text NO NO
topics name text NO NO
topics description text NO ''::text NO
users id integer NO YES BY DEFAULT
users email text NO NO
users name text NO NO
users role text NO NO
users status text NO NO
users password_hash text NO NO
users totp_secret text YES NO
users failed_logins integer NO 0 NO
users locked_until timestamp with time zone YES NO
users password_changed_at timestamp with time zone NO NO
users last_login_at timestamp with time zone YES NO
users created_at timestamp with time zone NO NO
users updated_at timestamp with time zone NO NO
users failed_codes integer NO 0 NO

-- constraints
alert_deliveries alert_deliveries_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts(id) ON DELETE CASCADE
alert_deliveries alert_deliveries_pk PRIMARY KEY (alert_id, subscriber_id)
alert_deliveries alert_deliveries_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sending'::text, 'sent'::text, 'failed'::text, 'dead'::text, 'cancelled'::text])))
alert_deliveries alert_deliveries_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
alerts alerts_article_id_key UNIQUE (article_id)
alerts alerts_pkey PRIMARY KEY (id)
article_attachments article_attachments_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_attachments article_attachments_media_id_fkey FOREIGN KEY (media_id) REFERENCES media(id) ON DELETE CASCADE
article_attachments article_attachments_pk PRIMARY KEY (article_id, media_id)
article_cards article_cards_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_cards article_cards_pkey PRIMARY KEY (article_id)
article_cases article_cases_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_cases article_cases_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE
article_cases article_cases_pk PRIMARY KEY (article_id, case_id)
article_countries article_countries_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_countries article_countries_country_id_fkey FOREIGN KEY (country_id) REFERENCES countries(id) ON DELETE CASCADE
article_countries article_countries_pk PRIMARY KEY (article_id, country_id)
article_listings article_listings_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_listings article_listings_pkey PRIMARY KEY (kind, scope_id, article_id)
article_revisions article_revisions_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_revisions article_revisions_kind_check CHECK ((kind = ANY (ARRAY['saved'::text, 'refused'::text])))
article_revisions article_revisions_pkey PRIMARY KEY (id)
article_revisions article_revisions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET NULL
article_topics article_topics_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
article_topics article_topics_pk PRIMARY KEY (article_id, topic_id)
article_topics article_topics_topic_id_fkey FOREIGN KEY (topic_id) REFERENCES topics(id) ON DELETE CASCADE
articles articles_lead_image_id_fkey FOREIGN KEY (lead_image_id) REFERENCES media(id) ON DELETE SET NULL
articles articles_pkey PRIMARY KEY (id)
articles articles_slug_key UNIQUE (slug)
articles articles_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'scheduled'::text, 'published'::text, 'archived'::text])))
articles articles_type_check CHECK ((type = ANY (ARRAY['news'::text, 'press-release'::text, 'open-letter'::text, 'report'::text, 'blog'::text, 'good-news'::text, 'urgent-action'::text])))
audit_log audit_log_pkey PRIMARY KEY (id)
audit_log audit_log_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE SET NULL
cache_purges cache_purges_pkey PRIMARY KEY (id)
cases cases_country_id_fkey FOREIGN KEY (country_id) REFERENCES countries(id) ON DELETE SET NULL
cases cases_pkey PRIMARY KEY (id)
cases cases_portrait_id_fkey FOREIGN KEY (portrait_id) REFERENCES media(id) ON DELETE SET NULL
cases cases_slug_key UNIQUE (slug)
cases cases_status_check CHECK ((status = ANY (ARRAY['ongoing'::text, 'closed'::text])))
consent_events consent_events_kind_check CHECK ((kind = ANY (ARRAY['requested'::text, 'confirmed'::text, 'changed'::text, 'unsubscribed'::text, 'suppressed'::text, 'imported'::text])))
consent_events consent_events_pkey PRIMARY KEY (id)
consent_events consent_events_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
consent_events consent_events_wording_hash_fkey FOREIGN KEY (wording_hash) REFERENCES consent_wordings(hash)
consent_wordings consent_wordings_pkey PRIMARY KEY (hash)
countries countries_code_key UNIQUE (code)
countries countries_pkey PRIMARY KEY (id)
countries countries_region_id_fkey FOREIGN KEY (region_id) REFERENCES regions(id)
countries countries_slug_key UNIQUE (slug)
delivery_rate delivery_rate_pk PRIMARY KEY (domain, window_start)
digest_entries digest_entries_alert_id_fkey FOREIGN KEY (alert_id) REFERENCES alerts(id) ON DELETE CASCADE
digest_entries digest_entries_pk PRIMARY KEY (subscriber_id, alert_id)
digest_entries digest_entries_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
digests digests_pk PRIMARY KEY (subscriber_id, period)
digests digests_status_check CHECK ((status = ANY (ARRAY['sending'::text, 'sent'::text, 'empty'::text])))
digests digests_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
jobs jobs_idempotency_key_key UNIQUE (idempotency_key)
jobs jobs_pkey PRIMARY KEY (id)
jobs jobs_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text, 'dead'::text, 'cancelled'::text])))
kysely_migration kysely_migration_pkey PRIMARY KEY (name)
kysely_migration_lock kysely_migration_lock_pkey PRIMARY KEY (id)
mail_outbox mail_outbox_message_id_key UNIQUE (message_id)
mail_outbox mail_outbox_pkey PRIMARY KEY (id)
media media_kind_check CHECK ((kind = ANY (ARRAY['image'::text, 'document'::text])))
media media_pkey PRIMARY KEY (id)
media media_storage_key_key UNIQUE (storage_key)
media media_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES users(id) ON DELETE SET NULL
password_resets password_resets_pkey PRIMARY KEY (token_hash)
password_resets password_resets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
regions regions_pkey PRIMARY KEY (id)
regions regions_slug_key UNIQUE (slug)
search_documents search_documents_pkey PRIMARY KEY (article_id)
search_words search_words_pkey PRIMARY KEY (word)
sessions sessions_pkey PRIMARY KEY (id)
sessions sessions_stage_check CHECK ((stage = ANY (ARRAY['second-factor'::text, 'active'::text])))
sessions sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
setup_lock setup_lock_pkey PRIMARY KEY (id)
site_secrets site_secrets_pkey PRIMARY KEY (name)
slug_redirects slug_redirects_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles(id) ON DELETE CASCADE
slug_redirects slug_redirects_pkey PRIMARY KEY (old_slug)
subscriber_follows subscriber_follows_kind_check CHECK ((kind = ANY (ARRAY['country'::text, 'region'::text, 'topic'::text, 'case'::text, 'everything'::text])))
subscriber_follows subscriber_follows_pk PRIMARY KEY (subscriber_id, kind, target_id)
subscriber_follows subscriber_follows_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
subscriber_tokens subscriber_tokens_pkey PRIMARY KEY (token_hash)
subscriber_tokens subscriber_tokens_purpose_check CHECK ((purpose = ANY (ARRAY['confirm'::text, 'manage'::text])))
subscriber_tokens subscriber_tokens_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscribers(id) ON DELETE CASCADE
subscribers subscribers_email_key UNIQUE (email)
subscribers subscribers_frequency_check CHECK ((frequency = ANY (ARRAY['each'::text, 'daily'::text, 'weekly'::text])))
subscribers subscribers_pkey PRIMARY KEY (id)
subscribers subscribers_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'unsubscribed'::text, 'suppressed'::text])))
suppressions suppressions_pkey PRIMARY KEY (email_hash)
suppressions suppressions_reason_check CHECK ((reason = ANY (ARRAY['bounce'::text, 'complaint'::text, 'manual'::text, 'unsubscribed'::text, 'erased'::text])))
suppressions suppressions_source_check CHECK ((source = ANY (ARRAY['webhook'::text, 'admin'::text, 'link'::text, 'erasure'::text])))
topics topics_pkey PRIMARY KEY (id)
topics topics_slug_key UNIQUE (slug)
users users_email_key UNIQUE (email)
users users_pkey PRIMARY KEY (id)
users users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'editor'::text, 'author'::text, 'campaigner'::text])))
users users_status_check CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text])))

-- indexes
CREATE INDEX alert_deliveries_by_subscriber ON SCHEMA.alert_deliveries USING btree (subscriber_id)
CREATE UNIQUE INDEX alert_deliveries_pk ON SCHEMA.alert_deliveries USING btree (alert_id, subscriber_id)
CREATE UNIQUE INDEX alerts_article_id_key ON SCHEMA.alerts USING btree (article_id)
CREATE UNIQUE INDEX alerts_pkey ON SCHEMA.alerts USING btree (id)
CREATE INDEX article_attachments_by_media_id ON SCHEMA.article_attachments USING btree (media_id, article_id)
CREATE UNIQUE INDEX article_attachments_pk ON SCHEMA.article_attachments USING btree (article_id, media_id)
CREATE UNIQUE INDEX article_cards_pkey ON SCHEMA.article_cards USING btree (article_id)
CREATE INDEX article_cases_by_case_id ON SCHEMA.article_cases USING btree (case_id, article_id)
CREATE UNIQUE INDEX article_cases_pk ON SCHEMA.article_cases USING btree (article_id, case_id)
CREATE INDEX article_countries_by_country_id ON SCHEMA.article_countries USING btree (country_id, article_id)
CREATE UNIQUE INDEX article_countries_pk ON SCHEMA.article_countries USING btree (article_id, country_id)
CREATE INDEX article_listings_article ON SCHEMA.article_listings USING btree (article_id)
CREATE INDEX article_listings_order ON SCHEMA.article_listings USING btree (kind, scope_id, published_at, article_id)
CREATE UNIQUE INDEX article_listings_pkey ON SCHEMA.article_listings USING btree (kind, scope_id, article_id)
CREATE INDEX article_revisions_by_article ON SCHEMA.article_revisions USING btree (article_id, id)
CREATE UNIQUE INDEX article_revisions_pkey ON SCHEMA.article_revisions USING btree (id)
CREATE INDEX article_topics_by_topic_id ON SCHEMA.article_topics USING btree (topic_id, article_id)
CREATE UNIQUE INDEX article_topics_pk ON SCHEMA.article_topics USING btree (article_id, topic_id)
CREATE UNIQUE INDEX articles_pkey ON SCHEMA.articles USING btree (id)
CREATE UNIQUE INDEX articles_slug_key ON SCHEMA.articles USING btree (slug)
CREATE INDEX articles_status_published ON SCHEMA.articles USING btree (status, published_at, id)
CREATE INDEX articles_status_type_published ON SCHEMA.articles USING btree (status, type, published_at, id)
CREATE INDEX audit_by_entity ON SCHEMA.audit_log USING btree (entity_type, entity_id)
CREATE INDEX audit_by_time ON SCHEMA.audit_log USING btree (created_at, id)
CREATE UNIQUE INDEX audit_log_pkey ON SCHEMA.audit_log USING btree (id)
CREATE UNIQUE INDEX cache_purges_pkey ON SCHEMA.cache_purges USING btree (id)
CREATE UNIQUE INDEX cases_pkey ON SCHEMA.cases USING btree (id)
CREATE UNIQUE INDEX cases_slug_key ON SCHEMA.cases USING btree (slug)
CREATE INDEX consent_events_by_subscriber ON SCHEMA.consent_events USING btree (subscriber_id, id)
CREATE UNIQUE INDEX consent_events_pkey ON SCHEMA.consent_events USING btree (id)
CREATE UNIQUE INDEX consent_wordings_pkey ON SCHEMA.consent_wordings USING btree (hash)
CREATE UNIQUE INDEX countries_code_key ON SCHEMA.countries USING btree (code)
CREATE UNIQUE INDEX countries_pkey ON SCHEMA.countries USING btree (id)
CREATE UNIQUE INDEX countries_slug_key ON SCHEMA.countries USING btree (slug)
CREATE UNIQUE INDEX delivery_rate_pk ON SCHEMA.delivery_rate USING btree (domain, window_start)
CREATE INDEX digest_entries_by_alert ON SCHEMA.digest_entries USING btree (alert_id)
CREATE UNIQUE INDEX digest_entries_pk ON SCHEMA.digest_entries USING btree (subscriber_id, alert_id)
CREATE UNIQUE INDEX digests_pk ON SCHEMA.digests USING btree (subscriber_id, period)
CREATE INDEX jobs_due ON SCHEMA.jobs USING btree (status, run_at)
CREATE UNIQUE INDEX jobs_idempotency_key_key ON SCHEMA.jobs USING btree (idempotency_key)
CREATE UNIQUE INDEX jobs_pkey ON SCHEMA.jobs USING btree (id)
CREATE UNIQUE INDEX kysely_migration_pkey ON SCHEMA.kysely_migration USING btree (name)
CREATE UNIQUE INDEX kysely_migration_lock_pkey ON SCHEMA.kysely_migration_lock USING btree (id)
CREATE UNIQUE INDEX mail_outbox_message_id_key ON SCHEMA.mail_outbox USING btree (message_id)
CREATE UNIQUE INDEX mail_outbox_pkey ON SCHEMA.mail_outbox USING btree (id)
CREATE UNIQUE INDEX media_pkey ON SCHEMA.media USING btree (id)
CREATE UNIQUE INDEX media_storage_key_key ON SCHEMA.media USING btree (storage_key)
CREATE UNIQUE INDEX password_resets_pkey ON SCHEMA.password_resets USING btree (token_hash)
CREATE UNIQUE INDEX regions_pkey ON SCHEMA.regions USING btree (id)
CREATE UNIQUE INDEX regions_slug_key ON SCHEMA.regions USING btree (slug)
CREATE INDEX search_documents_document ON SCHEMA.search_documents USING gin (document)
CREATE UNIQUE INDEX search_documents_pkey ON SCHEMA.search_documents USING btree (article_id)
CREATE INDEX search_documents_published ON SCHEMA.search_documents USING btree (published_at)
CREATE UNIQUE INDEX search_words_pkey ON SCHEMA.search_words USING btree (word)
CREATE INDEX search_words_trigram ON SCHEMA.search_words USING gin (word public.gin_trgm_ops)
CREATE INDEX sessions_by_user ON SCHEMA.sessions USING btree (user_id)
CREATE UNIQUE INDEX sessions_pkey ON SCHEMA.sessions USING btree (id)
CREATE UNIQUE INDEX setup_lock_pkey ON SCHEMA.setup_lock USING btree (id)
CREATE UNIQUE INDEX site_secrets_pkey ON SCHEMA.site_secrets USING btree (name)
CREATE UNIQUE INDEX slug_redirects_pkey ON SCHEMA.slug_redirects USING btree (old_slug)
CREATE INDEX subscriber_follows_by_target ON SCHEMA.subscriber_follows USING btree (kind, target_id)
CREATE UNIQUE INDEX subscriber_follows_pk ON SCHEMA.subscriber_follows USING btree (subscriber_id, kind, target_id)
CREATE INDEX subscriber_tokens_by_subscriber ON SCHEMA.subscriber_tokens USING btree (subscriber_id)
CREATE UNIQUE INDEX subscriber_tokens_pkey ON SCHEMA.subscriber_tokens USING btree (token_hash)
CREATE INDEX subscribers_by_status ON SCHEMA.subscribers USING btree (status, created_at)
CREATE UNIQUE INDEX subscribers_email_key ON SCHEMA.subscribers USING btree (email)
CREATE UNIQUE INDEX subscribers_pkey ON SCHEMA.subscribers USING btree (id)
CREATE INDEX suppressions_by_time ON SCHEMA.suppressions USING btree (created_at)
CREATE UNIQUE INDEX suppressions_pkey ON SCHEMA.suppressions USING btree (email_hash)
CREATE UNIQUE INDEX topics_pkey ON SCHEMA.topics USING btree (id)
CREATE UNIQUE INDEX topics_slug_key ON SCHEMA.topics USING btree (slug)
CREATE UNIQUE INDEX users_email_key ON SCHEMA.users USING btree (email)
CREATE UNIQUE INDEX users_pkey ON SCHEMA.users USING btree (id)

-- views
search_source:  SELECT a.id,
    a.title,
    concat_ws(' '::text, COALESCE(( SELECT string_agg(n.name, ' '::text) AS string_agg
           FROM (article_countries x
             JOIN countries n ON ((n.id = x.country_id)))
          WHERE (x.article_id = a.id)), ''::text), COALESCE(( SELECT string_agg(n.name, ' '::text) AS string_agg
           FROM (article_cases x
             JOIN cases n ON ((n.id = x.case_id)))
          WHERE (x.article_id = a.id)), ''::text), COALESCE(( SELECT string_agg(n.name, ' '::text) AS string_agg
           FROM (article_topics x
             JOIN topics n ON ((n.id = x.topic_id)))
          WHERE (x.article_id = a.id)), ''::text), a.location, a.reference) AS names,
    a.summary,
    a.body_md AS body,
    a.type,
    a.published_at,
    a.language
   FROM articles a
  WHERE ((a.status || ''::text) = 'published'::text);

-- functions
CREATE OR REPLACE FUNCTION SCHEMA.candle_cards_on_article()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin perform candle_cards_stale(array[new.id]); return null; end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_cards_on_country()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin perform candle_cards_stale(array(select article_id from article_countries where country_id = new.id)); return null; end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_cards_on_link()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin if tg_op <> 'INSERT' then perform candle_cards_stale(array[old.article_id]); end if; if tg_op <> 'DELETE' then perform candle_cards_stale(array[new.article_id]); end if; return null; end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_cards_on_media()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin perform candle_cards_stale(array(select id from articles where lead_image_id = new.id)); return null; end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_cards_stale(ids integer[])
 RETURNS void
 LANGUAGE sql
 SET enable_seqscan TO 'off'
AS $function$
       insert into article_cards (article_id, generation)
       select id, 1 from articles where id = any(ids)
       on conflict (article_id) do update set generation = article_cards.generation + 1, html = null
     $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_listings_on_article()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
   begin
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
     return null;
   end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_listings_on_article_cases()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
       declare
         article_status text;
         article_date timestamptz;
       begin
         if tg_op <> 'INSERT' then
           delete from article_listings
           where kind = 'case' and scope_id = old.case_id and article_id = old.article_id;
         end if;
         if tg_op <> 'DELETE' then
           -- The article by its key alone (see refill), then its status.
           select a.status, a.published_at into article_status, article_date from articles a where a.id = new.article_id;
           if article_status = 'published' then
             insert into article_listings (kind, scope_id, article_id, published_at)
             values ('case', new.case_id, new.article_id, article_date)
             on conflict do nothing;
           end if;
         end if;
         return null;
       end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_listings_on_article_countries()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
       declare
         article_status text;
         article_date timestamptz;
       begin
         if tg_op <> 'INSERT' then
           delete from article_listings
           where kind = 'country' and scope_id = old.country_id and article_id = old.article_id;
         end if;
         if tg_op <> 'DELETE' then
           -- The article by its key alone (see refill), then its status.
           select a.status, a.published_at into article_status, article_date from articles a where a.id = new.article_id;
           if article_status = 'published' then
             insert into article_listings (kind, scope_id, article_id, published_at)
             values ('country', new.country_id, new.article_id, article_date)
             on conflict do nothing;
           end if;
         end if;
         return null;
       end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_listings_on_article_topics()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
       declare
         article_status text;
         article_date timestamptz;
       begin
         if tg_op <> 'INSERT' then
           delete from article_listings
           where kind = 'topic' and scope_id = old.topic_id and article_id = old.article_id;
         end if;
         if tg_op <> 'DELETE' then
           -- The article by its key alone (see refill), then its status.
           select a.status, a.published_at into article_status, article_date from articles a where a.id = new.article_id;
           if article_status = 'published' then
             insert into article_listings (kind, scope_id, article_id, published_at)
             values ('topic', new.topic_id, new.article_id, article_date)
             on conflict do nothing;
           end if;
         end if;
         return null;
       end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_region_listings_on_country()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin
       delete from article_listings
  where kind = 'region' and scope_id = old.region_id
    and article_id in (select article_id from article_countries where country_id = new.id)
    and not exists (
      select 1 from article_countries l join countries c on c.id = l.country_id
      where l.article_id = article_listings.article_id and c.region_id = old.region_id
    );
       insert into article_listings (kind, scope_id, article_id, published_at)
       select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and l.country_id = new.id
       on conflict do nothing;
       return null;
     end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_region_listings_on_link()
 RETURNS trigger
 LANGUAGE plpgsql
 SET enable_seqscan TO 'off'
AS $function$
     begin
       if tg_op <> 'INSERT' then
         delete from article_listings
   where kind = 'region' and article_id = old.article_id
     and not exists (
       select 1 from article_countries l join countries c on c.id = l.country_id
       where l.article_id = article_listings.article_id and c.region_id = article_listings.scope_id
     );
       end if;
       if tg_op <> 'DELETE' then
         insert into article_listings (kind, scope_id, article_id, published_at)
         select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and l.article_id = new.article_id and l.country_id = new.country_id
         on conflict do nothing;
       end if;
       return null;
     end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_search_config(language text, sample text)
 RETURNS regconfig
 LANGUAGE sql
 STABLE
AS $function$
       select case coalesce(language, (
           select case when c.es > c.en and c.es >= c.fr then 'es' when c.fr > c.en and c.fr > c.es then 'fr' else 'en' end
           from (select count(*) filter (where w in ('the', 'and', 'of', 'to', 'is', 'that', 'for', 'with', 'was', 'are', 'by', 'this', 'has', 'have', 'from', 'were', 'will', 'their', 'which', 'been', 'not', 'but')) as en,
                        count(*) filter (where w in ('el', 'los', 'las', 'del', 'y', 'por', 'con', 'para', 'una', 'se', 'su', 'al', 'como', 'pero', 'sus', 'fue', 'entre', 'desde', 'muy', 'sin', 'sobre', 'hasta')) as es,
                        count(*) filter (where w in ('le', 'les', 'des', 'du', 'et', 'est', 'dans', 'pour', 'pas', 'sur', 'au', 'avec', 'une', 'il', 'elle', 'sont', 'aux', 'ces', 'ont', 'qui', 'leur', 'mais')) as fr
                 from regexp_split_to_table(lower(left(sample, 3000)), '[^[:alpha:]]+') w) c))
         when 'en' then 'candle_en'::regconfig
         when 'es' then 'candle_es'::regconfig
         when 'fr' then 'candle_fr'::regconfig
         else 'candle_simple'::regconfig
       end
     $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_search_on_article()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
     begin
       if tg_op = 'DELETE' then
         delete from search_documents where article_id = old.id;
         return null;
       end if;
       if tg_op = 'UPDATE' and old.id <> new.id then
         delete from search_documents where article_id = old.id;
       end if;
       perform candle_search_refresh(array[new.id]);
       return null;
     end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_search_on_link()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
     begin
       if tg_op in ('UPDATE', 'DELETE') then perform candle_search_refresh(array[old.article_id]); end if;
       if tg_op in ('UPDATE', 'INSERT') then perform candle_search_refresh(array[new.article_id]); end if;
       return null;
     end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_search_on_rename()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
     begin
       if tg_table_name = 'countries' then
         perform candle_search_refresh(array(select article_id from article_countries where country_id = new.id));
       elsif tg_table_name = 'cases' then
         perform candle_search_refresh(array(select article_id from article_cases where case_id = new.id));
       else
         perform candle_search_refresh(array(select article_id from article_topics where topic_id = new.id));
       end if;
       return null;
     end $function$

CREATE OR REPLACE FUNCTION SCHEMA.candle_search_refresh(ids integer[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
     begin
       delete from search_documents where article_id = any(ids);
       insert into search_documents (article_id, type, published_at, document, head, fuzzy)
       select v.id, v.type, v.published_at, v.head || v.body, v.head, v.fuzzy
       from (
         select s.id, s.type, s.published_at,
                setweight(to_tsvector(c.cfg, s.title), 'A')
                  || setweight(to_tsvector('candle_simple', s.names), 'B')
                  || setweight(to_tsvector(c.cfg, s.summary), 'C') as head,
                setweight(to_tsvector(c.cfg, s.body), 'D') as body,
                lower(public.unaccent('public.unaccent'::regdictionary, s.title || ' ' || s.names)) as fuzzy
         from search_source s
         cross join lateral (select candle_search_config(s.language, s.title || ' ' || s.summary) as cfg) c
         where s.id = any(ids)
       ) v;
       insert into search_words (word)
       select distinct w from search_documents d,
         regexp_split_to_table(d.fuzzy, '[^[:alnum:]]+') w
       where d.article_id = any(ids) and length(w) >= 3
       on conflict do nothing;
     end $function$


-- triggers
CREATE TRIGGER listings_article_cases AFTER INSERT OR DELETE OR UPDATE OF article_id, case_id ON SCHEMA.article_cases FOR EACH ROW EXECUTE FUNCTION candle_listings_on_article_cases()
CREATE TRIGGER search_article_cases AFTER INSERT OR DELETE OR UPDATE ON SCHEMA.article_cases FOR EACH ROW EXECUTE FUNCTION candle_search_on_link()
CREATE TRIGGER cards_links AFTER INSERT OR DELETE OR UPDATE ON SCHEMA.article_countries FOR EACH ROW EXECUTE FUNCTION candle_cards_on_link()
CREATE TRIGGER listings_article_countries AFTER INSERT OR DELETE OR UPDATE OF article_id, country_id ON SCHEMA.article_countries FOR EACH ROW EXECUTE FUNCTION candle_listings_on_article_countries()
CREATE TRIGGER region_listings_link AFTER INSERT OR DELETE OR UPDATE OF article_id, country_id ON SCHEMA.article_countries FOR EACH ROW EXECUTE FUNCTION candle_region_listings_on_link()
CREATE TRIGGER search_article_countries AFTER INSERT OR DELETE OR UPDATE ON SCHEMA.article_countries FOR EACH ROW EXECUTE FUNCTION candle_search_on_link()
CREATE TRIGGER listings_article_topics AFTER INSERT OR DELETE OR UPDATE OF article_id, topic_id ON SCHEMA.article_topics FOR EACH ROW EXECUTE FUNCTION candle_listings_on_article_topics()
CREATE TRIGGER search_article_topics AFTER INSERT OR DELETE OR UPDATE ON SCHEMA.article_topics FOR EACH ROW EXECUTE FUNCTION candle_search_on_link()
CREATE TRIGGER cards_articles AFTER UPDATE OF type, slug, title, summary, location, reference, lead_image_id, published_at, status ON SCHEMA.articles FOR EACH ROW EXECUTE FUNCTION candle_cards_on_article()
CREATE TRIGGER listings_articles AFTER UPDATE OF status, published_at ON SCHEMA.articles FOR EACH ROW EXECUTE FUNCTION candle_listings_on_article()
CREATE TRIGGER search_articles_insert_delete AFTER INSERT OR DELETE ON SCHEMA.articles FOR EACH ROW EXECUTE FUNCTION candle_search_on_article()
CREATE TRIGGER search_articles_update AFTER UPDATE OF id, type, title, summary, body_md, status, location, reference, published_at, language ON SCHEMA.articles FOR EACH ROW EXECUTE FUNCTION candle_search_on_article()
CREATE TRIGGER search_cases_rename AFTER UPDATE OF name ON SCHEMA.cases FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION candle_search_on_rename()
CREATE TRIGGER cards_countries AFTER UPDATE OF slug, name, code ON SCHEMA.countries FOR EACH ROW EXECUTE FUNCTION candle_cards_on_country()
CREATE TRIGGER region_listings_country AFTER UPDATE OF region_id ON SCHEMA.countries FOR EACH ROW WHEN ((old.region_id IS DISTINCT FROM new.region_id)) EXECUTE FUNCTION candle_region_listings_on_country()
CREATE TRIGGER search_countries_rename AFTER UPDATE OF name ON SCHEMA.countries FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION candle_search_on_rename()
CREATE TRIGGER cards_media AFTER UPDATE OF storage_key, width, height, variant_widths, avif_widths, alt, caption, credit ON SCHEMA.media FOR EACH ROW EXECUTE FUNCTION candle_cards_on_media()
CREATE TRIGGER search_topics_rename AFTER UPDATE OF name ON SCHEMA.topics FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION candle_search_on_rename()

-- text search configurations
candle_en 1 1 english_stem
candle_en 2 1 unaccent
candle_en 2 2 english_stem
candle_en 3 1 simple
candle_en 4 1 simple
candle_en 5 1 simple
candle_en 6 1 simple
candle_en 7 1 simple
candle_en 8 1 simple
candle_en 9 1 simple
candle_en 10 1 unaccent
candle_en 10 2 english_stem
candle_en 11 1 english_stem
candle_en 15 1 simple
candle_en 16 1 english_stem
candle_en 17 1 unaccent
candle_en 17 2 english_stem
candle_en 18 1 simple
candle_en 19 1 simple
candle_en 20 1 simple
candle_en 21 1 simple
candle_en 22 1 simple
candle_es 1 1 spanish_stem
candle_es 2 1 unaccent
candle_es 2 2 spanish_stem
candle_es 3 1 simple
candle_es 4 1 simple
candle_es 5 1 simple
candle_es 6 1 simple
candle_es 7 1 simple
candle_es 8 1 simple
candle_es 9 1 simple
candle_es 10 1 unaccent
candle_es 10 2 spanish_stem
candle_es 11 1 spanish_stem
candle_es 15 1 simple
candle_es 16 1 spanish_stem
candle_es 17 1 unaccent
candle_es 17 2 spanish_stem
candle_es 18 1 simple
candle_es 19 1 simple
candle_es 20 1 simple
candle_es 21 1 simple
candle_es 22 1 simple
candle_fr 1 1 french_stem
candle_fr 2 1 unaccent
candle_fr 2 2 french_stem
candle_fr 3 1 simple
candle_fr 4 1 simple
candle_fr 5 1 simple
candle_fr 6 1 simple
candle_fr 7 1 simple
candle_fr 8 1 simple
candle_fr 9 1 simple
candle_fr 10 1 unaccent
candle_fr 10 2 french_stem
candle_fr 11 1 french_stem
candle_fr 15 1 simple
candle_fr 16 1 french_stem
candle_fr 17 1 unaccent
candle_fr 17 2 french_stem
candle_fr 18 1 simple
candle_fr 19 1 simple
candle_fr 20 1 simple
candle_fr 21 1 simple
candle_fr 22 1 simple
candle_simple 1 1 simple
candle_simple 2 1 unaccent
candle_simple 2 2 simple
candle_simple 3 1 simple
candle_simple 4 1 simple
candle_simple 5 1 simple
candle_simple 6 1 simple
candle_simple 7 1 simple
candle_simple 8 1 simple
candle_simple 9 1 simple
candle_simple 10 1 unaccent
candle_simple 10 2 simple
candle_simple 11 1 simple
candle_simple 15 1 simple
candle_simple 16 1 simple
candle_simple 17 1 unaccent
candle_simple 17 2 simple
candle_simple 18 1 simple
candle_simple 19 1 simple
candle_simple 20 1 simple
candle_simple 21 1 simple
candle_simple 22 1 simple
