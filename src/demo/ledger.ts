import type { Kysely } from 'kysely';
import type { Database, OutcomeKind, ReplyChannel } from '../platform/db/index.js';

/*
 * The demo's replies and outcomes ledger: UA 58/20 received replies from three authorities (the
 * Governor of Yucatán and the federal Protection Mechanism it wrote to, and the embassy it copied),
 * and Adelaida's protection was restored. Written in Candle's own words for the demo.
 */

const REPLIES: Array<{ action: string; target: string; on: string; channel: ReplyChannel; summary: string }> =
  [
    {
      action: 'mexico-adelaida-protection-withdrawn',
      target: 'governor-yuc',
      on: '2020-04-29',
      channel: 'letter',
      summary:
        'The Governor’s office answered that the escort had been withdrawn under the state’s health measures, and that it had asked the Secretariat of Public Security to review the decision.',
    },
    {
      action: 'mexico-adelaida-protection-withdrawn',
      target: 'mechanism-mx',
      on: '2020-05-06',
      channel: 'email',
      summary:
        'The Protection Mechanism confirmed that it had received supporters’ letters, had asked Yucatán to explain the withdrawal and would hold an urgent review of the risks Adelaida faces.',
    },
    {
      action: 'mexico-adelaida-protection-withdrawn',
      target: 'ambassador-mx',
      on: '2020-05-12',
      channel: 'letter',
      summary:
        'The Embassy of Mexico wrote that it had passed the letters on to the Ministry of Foreign Affairs and to the Interior Ministry, which oversees the Protection Mechanism.',
    },
  ];

const OUTCOMES: Array<{
  action: string;
  kind: OutcomeKind;
  on: string;
  source: string;
  summary: string;
  goodNews?: string;
}> = [
  {
    action: 'mexico-adelaida-protection-withdrawn',
    kind: 'protection-granted',
    on: '2020-05-26',
    source: 'Adelaida and her legal team',
    summary:
      'The Protection Mechanism restored Adelaida’s full protection: her escort of two officers is back, with no limit on their duties.',
    goodNews: 'mexico-adelaida-protection-restored',
  },
];

function lookup(map: ReadonlyMap<string, number>, key: string, what: string): number {
  const found = map.get(key);
  if (found === undefined) throw new Error(`The demo ledger names an unknown ${what}: ${key}`);
  return found;
}

/** Writes the demo's replies and outcomes, inside the demo's transaction. */
export async function loadDemoLedger(
  trx: Kysely<Database>,
  ids: { articles: ReadonlyMap<string, number>; targets: ReadonlyMap<string, number> },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (const r of REPLIES) {
    await trx
      .insertInto('ua_replies')
      .values({
        article_id: lookup(ids.articles, r.action, 'article'),
        target_id: lookup(ids.targets, r.target, 'target'),
        received_on: r.on,
        channel: r.channel,
        summary: r.summary,
        attachment_id: null,
        visibility: 'public',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  for (const o of OUTCOMES) {
    await trx
      .insertInto('ua_outcomes')
      .values({
        article_id: lookup(ids.articles, o.action, 'article'),
        kind: o.kind,
        occurred_on: o.on,
        source: o.source,
        summary: o.summary,
        attachment_id: null,
        visibility: 'public',
        good_news_id: o.goodNews ? lookup(ids.articles, o.goodNews, 'article') : null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}
