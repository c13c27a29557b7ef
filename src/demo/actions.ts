import type { Kysely } from 'kysely';
import type { Database, UaEventKind } from '../platform/db/index.js';
import { renderMarkdown } from '../platform/text/markdown.js';
import { loadDemoLedger } from './ledger.js';

/*
 * The demo's urgent actions: details for the demo articles of type urgent action, so that a fresh
 * install shows each state (open with an update in its series, past its date, closed, good news),
 * with sample letters in Spanish and English for the Mexico cases. Written
 * straight to the actions room's tables, as the rest of the demo writes the newsroom's.
 *
 * Contact details are illustrative (example.org addresses, numbers that reach nobody): the demo
 * must never send a supporter's letter to a real office.
 */

interface DemoTarget {
  key: string;
  honorific: string;
  name: string;
  title: string;
  body: string;
  country_code: string;
  state: string;
  postal_address: string;
  email: string;
  phone: string;
  social: string[];
  salutation: string;
  language: string;
  time_zone: string;
  office_hours: string;
}

const TARGETS: DemoTarget[] = [
  {
    key: 'governor-bc',
    honorific: 'Ing.',
    name: 'Jaime Bonilla Valdez',
    title: 'Gobernador Constitucional del Estado de Baja California',
    body: 'Gobierno del Estado de Baja California',
    country_code: 'MX',
    state: 'Baja California',
    postal_address:
      'Edificio del Poder Ejecutivo, Calzada Independencia 994\nCentro Cívico, 21000 Mexicali, B.C.\nMéxico',
    email: 'gobernador@bc-demo.example.org',
    phone: '+52 686 000 0000',
    social: ['@GobiernoBC_demo'],
    salutation: 'Señor Gobernador',
    language: 'es',
    time_zone: 'America/Tijuana',
    office_hours: 'Mon-Fri 09:00-15:00',
  },
  {
    key: 'governor-yuc',
    honorific: 'Lic.',
    name: 'Mauricio Vila Dosal',
    title: 'Gobernador Constitucional del Estado de Yucatán',
    body: 'Gobierno del Estado de Yucatán',
    country_code: 'MX',
    state: 'Yucatán',
    postal_address: 'Palacio de Gobierno, Calle 61 por 60 y 62, Centro\n97000 Mérida, Yuc.\nMéxico',
    email: 'gobernador@yuc-demo.example.org',
    phone: '+52 999 000 0000',
    social: ['@GobYucatan_demo'],
    salutation: 'Señor Gobernador',
    language: 'es',
    time_zone: 'America/Merida',
    office_hours: 'Mon-Fri 08:00-15:00',
  },
  {
    key: 'mechanism-mx',
    honorific: 'Lic.',
    name: 'Titular de la Unidad para la Defensa de los Derechos Humanos',
    title: 'Mecanismo de Protección para Personas Defensoras de Derechos Humanos y Periodistas',
    body: 'Secretaría de Gobernación',
    country_code: 'MX',
    state: 'Ciudad de México',
    postal_address: 'Abraham González 48, Colonia Juárez\n06600 Ciudad de México\nMéxico',
    email: 'mecanismo@segob-demo.example.org',
    phone: '+52 55 0000 0000',
    social: [],
    salutation: 'Estimado Titular',
    language: 'es',
    time_zone: 'America/Mexico_City',
    office_hours: 'Mon-Fri 09:00-18:00',
  },
  {
    key: 'ambassador-mx',
    honorific: 'Excmo. Sr.',
    name: 'Embajador de México',
    title: 'Embajador de México en Canadá',
    body: 'Embajada de México en Canadá',
    country_code: 'CA',
    state: 'Ontario',
    postal_address: '45 O’Connor Street, Suite 1000\nOttawa, ON K1P 1A4\nCanada',
    email: 'embajada@mx-demo.example.org',
    phone: '+1 613 000 0000',
    social: [],
    salutation: 'Excelentísimo Señor Embajador',
    language: 'es',
    time_zone: 'America/Toronto',
    office_hours: 'Mon-Fri 09:00-13:00\nMon-Fri 14:00-17:00',
  },
  {
    key: 'dpp-ke',
    honorific: '',
    name: 'Director of Public Prosecutions',
    title: 'Director of Public Prosecutions',
    body: 'Office of the Director of Public Prosecutions',
    country_code: 'KE',
    state: '',
    postal_address: 'P.O. Box 00000\nNairobi\nKenya',
    email: 'dpp@ke-demo.example.org',
    phone: '+254 20 000 0000',
    social: [],
    salutation: 'Dear Director',
    language: 'en',
    time_zone: 'Africa/Nairobi',
    office_hours: 'Mon-Fri 08:00-17:00',
  },
  {
    key: 'pnp-chief',
    honorific: 'Gen.',
    name: 'Chief of the Philippine National Police',
    title: 'Chief, Philippine National Police',
    body: 'Philippine National Police',
    country_code: 'PH',
    state: '',
    postal_address: 'Camp Crame, Quezon City\nPhilippines',
    email: 'chief@pnp-demo.example.org',
    phone: '+63 2 0000 0000',
    social: [],
    salutation: 'Dear General',
    language: 'en',
    time_zone: 'Asia/Manila',
    office_hours: 'Mon-Fri 08:00-17:00',
  },
];

interface DemoAction {
  slug: string;
  year: number;
  number: number;
  /** The slug of the first of its series, for an update. */
  follows?: string;
  updateOrdinal: number;
  documentIndex: string;
  issuedOn: string;
  /** A date, or the number of days after the demo is loaded (so an open one stays open a while). */
  actBefore: string | { daysAfterLoad: number };
  languages: string[];
  asks: string[];
  backgroundMd: string;
  people: Array<{ name: string; pronouns: string; case?: string }>;
  targets: string[];
  copies: string[];
  events: Array<{ kind: UaEventKind; at: string; note?: string; related?: string }>;
  /** Actions aimed at (0: no goal bar) and letters one target is emailed an hour. */
  goal?: number;
  hourlyCap?: number;
  /** The sample letter per language: the target's first, then its translations. */
  letters?: Array<{ language: string; subject: string; body: string }>;
}

/*
 * The sample letters, written for the demo: in Spanish, the officials' language, with an English
 * translation beside it. Each runs from after the salutation to the closing; the letter adds the
 * salutation from the target and the supporter's name.
 */
const REPARATION_ES = {
  language: 'es',
  subject: 'Reparación integral para Adrián Vásquez Lagunes',
  body: [
    'Me dirijo a usted con todo respeto para pedirle que el Gobierno de Baja California cumpla por fin la reparación que la Procuraduría de los Derechos Humanos y Protección Ciudadana ordenó en 2015 a favor de Adrián Vásquez Lagunes.',
    'Adrián sobrevivió a la tortura de policías estatales en 2012 y pasó tres años en prisión por cargos inventados. Hoy se recupera de la COVID-19 en su casa de Tijuana, sin seguridad social, y su familia se ha endeudado para pagar su atención médica.',
    'Le pido que fije este mismo año una fecha para entregar la reparación integral, y que garantice sin demora a Adrián atención médica y seguridad social.',
    'Le agradezco de antemano su atención.',
    'Atentamente,',
  ].join('\n\n'),
};

const REPARATION_EN = {
  language: 'en',
  subject: 'Full reparation for Adrián Vásquez Lagunes',
  body: [
    'I am writing to you respectfully to ask that the Government of Baja California at last deliver the reparation that the Human Rights and Citizen Protection Ombudsman’s Office ordered for Adrián Vásquez Lagunes in 2015.',
    'Adrián survived torture by state police in 2012 and spent three years in prison on invented charges. He is now recovering from COVID-19 at home in Tijuana, without social security, and his family has fallen into debt to pay for his medical care.',
    'I ask you to set a date this year to deliver the full reparation, and to guarantee Adrián health care and social security without delay.',
    'Thank you in advance for your attention.',
    'Yours sincerely,',
  ].join('\n\n'),
};

const PROTECTION_ES = {
  language: 'es',
  subject: 'Protección plena para Clemencia Adelaida Salas Salazar',
  body: [
    'Le escribo con preocupación porque el 30 de marzo se retiró la escolta de dos policías que protegía a Clemencia Adelaida Salas Salazar, defensora de los derechos sexuales y reproductivos de las mujeres en Yucatán.',
    'Le pido que restablezca de inmediato todas las medidas de protección acordadas por el Mecanismo de Protección, que ninguna medida sanitaria deje sin protección a una defensora, y que se investiguen las amenazas en su contra.',
    'Atentamente,',
  ].join('\n\n'),
};

const PROTECTION_EN = {
  language: 'en',
  subject: 'Full protection for Clemencia Adelaida Salas Salazar',
  body: [
    'I am writing with concern because on 30 March the two-officer escort protecting Clemencia Adelaida Salas Salazar, a defender of women’s sexual and reproductive rights in Yucatán, was withdrawn.',
    'I ask you to restore at once all the protection measures the Protection Mechanism agreed, to make sure no health measure leaves a defender unprotected, and to have the threats against her investigated.',
    'Yours sincerely,',
  ].join('\n\n'),
};

const ACTIONS: DemoAction[] = [
  {
    slug: 'mexico-adrian-vasquez-covid-19-reparation',
    year: 2020,
    number: 87,
    updateOrdinal: 0,
    documentIndex: 'AMR 41/0087/2020 (demo)',
    issuedOn: '2020-06-18',
    actBefore: '2020-07-30',
    languages: ['Spanish', 'English'],
    asks: [
      'Guarantee Adrián immediate health care and social security coverage',
      'Provide an emergency fund for his family while he is ill',
      'Deliver the full reparation the ombudsman ordered in 2015',
    ],
    backgroundMd:
      'State police in Baja California detained and tortured Adrián in 2012. He spent three years in prison on ' +
      'charges made up to justify the arrest. The state ombudsman ordered reparation in 2015; it has not come.',
    people: [{ name: 'Adrián Vásquez Lagunes', pronouns: 'he/him', case: 'adrian-vasquez-lagunes' }],
    targets: ['governor-bc'],
    copies: ['ambassador-mx'],
    goal: 1000,
    letters: [REPARATION_ES, REPARATION_EN],
    events: [
      { kind: 'opened', at: '2020-06-18T15:00:00Z' },
      { kind: 'updated', at: '2020-06-30T16:00:00Z', related: 'mexico-adrian-vasquez-further-information' },
    ],
  },
  {
    slug: 'mexico-adrian-vasquez-further-information',
    year: 2020,
    number: 87,
    follows: 'mexico-adrian-vasquez-covid-19-reparation',
    updateOrdinal: 1,
    documentIndex: 'AMR 41/0112/2020 (demo)',
    issuedOn: '2020-06-30',
    actBefore: { daysAfterLoad: 60 },
    languages: ['Spanish', 'English'],
    asks: [
      'Set a date this year to deliver the full reparation',
      'Guarantee Adrián health and social security coverage without delay',
    ],
    backgroundMd:
      'Adrián is recovering from COVID-19 at home in Tijuana. The reparation ordered in 2015 is still owed.',
    people: [{ name: 'Adrián Vásquez Lagunes', pronouns: 'he/him', case: 'adrian-vasquez-lagunes' }],
    targets: ['governor-bc'],
    copies: ['ambassador-mx'],
    goal: 500,
    hourlyCap: 20,
    letters: [REPARATION_ES, REPARATION_EN],
    events: [{ kind: 'opened', at: '2020-06-30T16:00:00Z' }],
  },
  {
    slug: 'mexico-adelaida-protection-withdrawn',
    year: 2020,
    number: 58,
    updateOrdinal: 0,
    documentIndex: 'AMR 41/0058/2020 (demo)',
    issuedOn: '2020-04-20',
    actBefore: '2020-06-01',
    languages: ['Spanish', 'English'],
    asks: [
      'Restore Adelaida’s full protection measures at once',
      'Make sure pandemic measures never leave a protected defender without protection',
      'Investigate the threats and attacks against her',
    ],
    backgroundMd:
      'Adelaida defends women’s sexual and reproductive rights in Yucatán and is covered by the federal ' +
      'Protection Mechanism for Human Rights Defenders and Journalists.',
    people: [
      {
        name: 'Clemencia Adelaida Salas Salazar',
        pronouns: 'she/her',
        case: 'clemencia-adelaida-salas-salazar',
      },
    ],
    targets: ['governor-yuc', 'mechanism-mx'],
    copies: ['ambassador-mx'],
    goal: 300,
    letters: [PROTECTION_ES, PROTECTION_EN],
    events: [
      { kind: 'opened', at: '2020-04-20T15:00:00Z' },
      {
        kind: 'success',
        at: '2020-05-28T17:00:00Z',
        note: 'In May the Protection Mechanism restored Adelaida’s full protection. Three authorities answered supporters’ letters. Thank you to everyone who wrote.',
      },
    ],
  },
  {
    slug: 'philippines-joy-dalisay-journalist-shot-at',
    year: 2020,
    number: 21,
    updateOrdinal: 0,
    documentIndex: '',
    issuedOn: '2020-02-10',
    actBefore: '2020-03-23',
    languages: ['English', 'Filipino'],
    asks: [
      'Investigate the shooting and the posters promptly and impartially',
      'Protect Joy Dalisay in a way she agrees to',
    ],
    backgroundMd: 'An illustrative case written for the Candle demo.',
    people: [{ name: 'Joy Dalisay', pronouns: 'she/her', case: 'joy-dalisay' }],
    targets: ['pnp-chief'],
    copies: [],
    events: [{ kind: 'opened', at: '2020-02-10T06:00:00Z' }],
  },
  {
    slug: 'kenya-nasieku-lemayian-arrested',
    year: 2019,
    number: 142,
    updateOrdinal: 0,
    documentIndex: '',
    issuedOn: '2019-11-14',
    actBefore: '2019-12-26',
    languages: ['English', 'Swahili'],
    asks: ['Withdraw the charges against Nasieku Lemayian', 'Investigate the threats against her'],
    backgroundMd: 'An illustrative case written for the Candle demo.',
    people: [{ name: 'Nasieku Lemayian', pronouns: 'she/her', case: 'nasieku-lemayian' }],
    targets: ['dpp-ke'],
    copies: [],
    events: [
      { kind: 'opened', at: '2019-11-14T08:00:00Z' },
      {
        kind: 'closed',
        at: '2020-01-20T09:00:00Z',
        note: 'The court adjourned the case without a date. We keep following it and will write again if it returns.',
      },
    ],
  },
];

function lookup(map: ReadonlyMap<string, number>, key: string, what: string): number {
  const found = map.get(key);
  if (found === undefined) throw new Error(`Demo urgent actions name an unknown ${what}: ${key}`);
  return found;
}

/** Writes the demo's targets and urgent-action details, inside the demo's transaction. */
export async function loadDemoActions(
  trx: Kysely<Database>,
  ids: { articles: ReadonlyMap<string, number>; cases: ReadonlyMap<string, number> },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const targetIds = new Map<string, number>();
  for (const { key, social, ...target } of TARGETS) {
    const row = await trx
      .insertInto('ua_targets')
      .values({ ...target, social: JSON.stringify(social), created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    targetIds.set(key, row.id);
  }
  for (const a of ACTIONS) {
    const articleId = lookup(ids.articles, a.slug, 'article');
    const seriesId = a.follows ? lookup(ids.articles, a.follows, 'article') : articleId;
    const actBefore =
      typeof a.actBefore === 'string'
        ? a.actBefore
        : new Date(now.getTime() + a.actBefore.daysAfterLoad * 86_400_000).toISOString().slice(0, 10);
    await trx
      .insertInto('urgent_actions')
      .values({
        article_id: articleId,
        follows_id: a.follows ? seriesId : null,
        series_id: seriesId,
        year: a.year,
        number: a.number,
        update_ordinal: a.updateOrdinal,
        updates_given: ACTIONS.filter((x) => x.follows === a.slug).length,
        document_index: a.documentIndex,
        issued_on: a.issuedOn,
        act_before: actBefore,
        languages: JSON.stringify(a.languages),
        asks: JSON.stringify(a.asks),
        background_md: a.backgroundMd,
        background_html: renderMarkdown(a.backgroundMd),
        goal: a.goal ?? 0,
        hourly_cap: a.hourlyCap ?? 20,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const letter of a.letters ?? []) {
      await trx
        .insertInto('ua_letter_templates')
        .values({ article_id: articleId, ...letter })
        .execute();
    }
    for (const [position, p] of a.people.entries()) {
      await trx
        .insertInto('ua_people')
        .values({
          article_id: articleId,
          position,
          name: p.name,
          pronouns: p.pronouns,
          case_id: p.case ? lookup(ids.cases, p.case, 'case') : null,
        })
        .execute();
    }
    const named = [
      ...a.targets.map((key, position) => ({ key, position, role: 'target' as const })),
      ...a.copies.map((key, position) => ({ key, position, role: 'copy' as const })),
    ];
    for (const n of named) {
      await trx
        .insertInto('ua_action_targets')
        .values({
          article_id: articleId,
          target_id: lookup(targetIds, n.key, 'target'),
          role: n.role,
          position: n.position,
        })
        .execute();
    }
    for (const e of a.events) {
      await trx
        .insertInto('ua_events')
        .values({
          article_id: articleId,
          kind: e.kind,
          note: e.note ?? '',
          related_article_id: e.related ? lookup(ids.articles, e.related, 'article') : null,
          user_id: null,
          actor: 'demo',
          occurred_at: e.at,
        })
        .execute();
    }
  }
  await loadDemoLedger(trx, { articles: ids.articles, targets: targetIds }, now);
  // The counters only ever go up: a number the demo shows is never handed out again.
  const years = new Map<number, number>();
  for (const a of ACTIONS) years.set(a.year, Math.max(years.get(a.year) ?? 0, a.number));
  for (const [year, last] of years) {
    const row = await trx
      .selectFrom('ua_numbers')
      .select('last_number')
      .where('year', '=', year)
      .executeTakeFirst();
    if (!row) await trx.insertInto('ua_numbers').values({ year, last_number: last }).execute();
    else if (row.last_number < last) {
      await trx.updateTable('ua_numbers').set({ last_number: last }).where('year', '=', year).execute();
    }
  }
}
