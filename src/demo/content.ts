/**
 * Demo content for Candle: a small newsroom modelled on a human-rights organisation's Mexico country
 * page, plus a few items elsewhere. All text is written for this demo. Public officials and the
 * people whose cases are public appear by name; the two cases marked as illustrative are invented.
 */
import type { DemoContent } from './types.js';

/** Markdown from an indented template literal: drops the common indentation and outer blank lines. */
function md(strings: TemplateStringsArray, ...values: string[]): string {
  const text = strings.reduce((out, part, i) => out + (values[i - 1] ?? '') + part, '');
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => line.search(/\S/));
  const indent = indents.length > 0 ? Math.min(...indents) : 0;
  return lines
    .map((line) => line.slice(indent).trimEnd())
    .join('\n')
    .trim();
}

const ILLUSTRATIVE =
  '*This is an illustrative case written for the Candle demo; the people and places are fictional.*';

export const demoContent: DemoContent = {
  regions: [
    { slug: 'americas', name: 'Americas' },
    { slug: 'africa', name: 'Africa' },
    { slug: 'asia-pacific', name: 'Asia and the Pacific' },
    { slug: 'europe-central-asia', name: 'Europe and Central Asia' },
    { slug: 'middle-east-north-africa', name: 'Middle East and North Africa' },
  ],

  countries: [
    { code: 'MX', slug: 'mexico', name: 'Mexico', region: 'americas', featured: true },
    { code: 'US', slug: 'united-states', name: 'United States', region: 'americas' },
    { code: 'CA', slug: 'canada', name: 'Canada', region: 'americas' },
    { code: 'GT', slug: 'guatemala', name: 'Guatemala', region: 'americas' },
    { code: 'BR', slug: 'brazil', name: 'Brazil', region: 'americas' },
    { code: 'AR', slug: 'argentina', name: 'Argentina', region: 'americas' },
    { code: 'PE', slug: 'peru', name: 'Peru', region: 'americas' },
    { code: 'UY', slug: 'uruguay', name: 'Uruguay', region: 'americas' },
    { code: 'CR', slug: 'costa-rica', name: 'Costa Rica', region: 'americas' },
    { code: 'EC', slug: 'ecuador', name: 'Ecuador', region: 'americas' },
    { code: 'PA', slug: 'panama', name: 'Panama', region: 'americas' },
    { code: 'PH', slug: 'philippines', name: 'Philippines', region: 'asia-pacific', featured: true },
    { code: 'KE', slug: 'kenya', name: 'Kenya', region: 'africa', featured: true },
    { code: 'HU', slug: 'hungary', name: 'Hungary', region: 'europe-central-asia', featured: true },
  ],

  topics: [
    {
      slug: 'enforced-disappearances',
      name: 'Enforced disappearances',
      description:
        'When people are taken by or with the acquiescence of the state and their fate is hidden, ' +
        'and the long search of the families left behind.',
    },
    {
      slug: 'torture',
      name: 'Torture and ill-treatment',
      description:
        'The absolute ban on torture, the use of forced confessions in court, and redress for survivors.',
    },
    {
      slug: 'human-rights-defenders',
      name: 'Human rights defenders',
      description:
        'People who stand up for the rights of others, and the threats, attacks and smears they face for it.',
    },
    {
      slug: 'refugees-and-migrants',
      name: 'Refugees and migrants',
      description:
        'The right to seek asylum, freedom from arbitrary immigration detention, and safe passage.',
    },
    {
      slug: 'freedom-of-expression-and-assembly',
      name: 'Freedom of expression and assembly',
      description: 'The right to speak, report, organise and protest peacefully without fear of punishment.',
    },
    {
      slug: 'womens-rights',
      name: "Women's rights",
      description:
        'Ending gender-based violence and protecting sexual and reproductive rights for women and girls.',
    },
    {
      slug: 'environment',
      name: 'Environment and land',
      description:
        'Access to information and justice on environmental matters, and the safety of land defenders.',
    },
    {
      slug: 'policing-and-security',
      name: 'Policing and security',
      description: 'How police and armed forces use force, detain people and answer for what they do.',
    },
    {
      slug: 'right-to-health',
      name: 'Right to health',
      description:
        'Access to care without discrimination, including for people in detention, during COVID-19.',
    },
  ],

  images: [
    {
      key: 'adrian-el-hongo',
      shape: 'landscape',
      colours: ['#1d3557', '#e9c46a'],
      alt: 'Adrián Vásquez Lagunes, seated in a prison visiting room, holds up a printed report.',
      caption:
        'Adrián Vásquez Lagunes during a visit by our delegation to El Hongo prison, Baja California, ' +
        'September 2014.',
      credit: 'Candle demo archive',
    },
    {
      key: 'adrian-portrait',
      shape: 'portrait',
      colours: ['#264653', '#f4a261'],
      alt: 'Head-and-shoulders portrait of Adrián Vásquez Lagunes looking at the camera.',
      caption: 'Adrián Vásquez Lagunes in Tijuana, Baja California.',
      credit: 'Family photograph',
    },
    {
      key: 'adelaida-portrait',
      shape: 'portrait',
      colours: ['#6a040f', '#ffba08'],
      alt: 'Clemencia Adelaida Salas Salazar smiling outdoors, wearing a green scarf.',
      caption: 'Clemencia Adelaida Salas Salazar, women’s rights defender, in Mérida, Yucatán.',
      credit: 'Lucía Canul / Candle demo archive',
    },
    {
      key: 'arnulfo-portrait',
      shape: 'portrait',
      colours: ['#2b2d42', '#8d99ae'],
      alt: 'Arnulfo Cerón Soriano speaking into a microphone at an outdoor community meeting.',
      caption: 'Arnulfo Cerón Soriano at a community assembly in the Montaña region of Guerrero, 2018.',
      credit: 'Shared by his family',
    },
    {
      key: 'ayotzinapa-43-posters',
      shape: 'portrait',
      colours: ['#000000', '#d00000'],
      alt: 'A wall covered with 43 hand-painted portraits of young men, each with a name underneath.',
      caption: 'Portraits of the 43 students of the Ayotzinapa college on a wall in Mexico City.',
      credit: 'Candle demo archive',
    },
    {
      key: 'ayotzinapa-march',
      shape: 'landscape',
      colours: ['#370617', '#faa307'],
      alt: 'Parents carrying photographs of their sons lead a large march along a city avenue.',
      caption: 'Parents of the 43 students lead a march in Mexico City on 26 September 2019.',
      credit: 'Daniel Ortega Ruiz',
    },
    {
      key: 'mothers-march',
      shape: 'landscape',
      colours: ['#5a189a', '#ffd6ff'],
      alt: 'Women in white shirts printed with faces of missing relatives march holding carnations.',
      caption: 'Mothers of disappeared people march in Mexico City on 10 May 2019.',
      credit: 'Candle demo archive',
    },
    {
      key: 'migration-station',
      shape: 'landscape',
      colours: ['#495057', '#90e0ef'],
      alt: 'The high perimeter wall and gate of an immigration detention centre under a grey sky.',
      caption: 'The entrance to the Siglo XXI migration station in Tapachula, Chiapas, March 2020.',
      credit: 'Marta Velasco',
    },
    {
      key: 'matamoros-camp',
      shape: 'landscape',
      colours: ['#023047', '#ffb703'],
      alt: 'Rows of small tents crowded on open ground near a river and a road bridge.',
      caption:
        'Tents of people waiting for asylum hearings beside the Gateway International Bridge, ' +
        'Matamoros, October 2019.',
      credit: 'Candle demo archive',
    },
    {
      key: 'national-guard',
      shape: 'landscape',
      colours: ['#344e41', '#dad7cd'],
      alt: 'A line of National Guard officers in uniform and helmets stands beside a highway.',
      caption: 'National Guard officers at a checkpoint in Chiapas state, July 2019.',
      credit: 'Marta Velasco',
    },
    {
      key: 'tabasco-protest',
      shape: 'landscape',
      colours: ['#003566', '#ffc300'],
      alt: 'Residents hold hand-written banners at a peaceful roadside protest in a rural town.',
      caption: 'A peaceful protest by residents of Paraíso, Tabasco, 2019.',
      credit: 'Candle demo archive',
    },
    {
      key: 'escazu-river',
      shape: 'landscape',
      colours: ['#1b4332', '#95d5b2'],
      alt: 'A wide brown river winding through dense tropical forest, seen from above.',
      caption: 'A river in the forests of Central America, where land defenders face frequent attacks.',
      credit: 'Candle demo archive',
    },
    {
      key: 'dalisay-portrait',
      shape: 'portrait',
      colours: ['#3a0ca3', '#f72585'],
      alt: 'Joy Dalisay wearing headphones in a small radio studio, in front of a microphone.',
      caption: 'Joy Dalisay on air at Radyo Bagwis, 2019. (Illustrative)',
      credit: 'Candle demo archive',
    },
    {
      key: 'philippines-newsroom',
      shape: 'landscape',
      colours: ['#14213d', '#fca311'],
      alt: 'Journalists holding candles and placards stand outside a broadcaster’s building at night.',
      caption: 'A vigil for press freedom in Quezon City, Philippines, May 2020.',
      credit: 'Ramon Aquino',
    },
    {
      key: 'lemayian-portrait',
      shape: 'portrait',
      colours: ['#9d0208', '#f48c06'],
      alt: 'Nasieku Lemayian, wearing a beaded necklace, stands on open grassland.',
      caption: 'Nasieku Lemayian near her home, 2019. (Illustrative)',
      credit: 'Candle demo archive',
    },
    {
      key: 'kenya-grazing',
      shape: 'landscape',
      colours: ['#7f5539', '#ede0d4'],
      alt: 'Cattle grazing on dry savannah, with a newly built fence running across the land.',
      caption: 'Grazing land fenced off during a dispute in southern Kenya, 2019. (Illustrative)',
      credit: 'Candle demo archive',
    },
    {
      key: 'nairobi-curfew',
      shape: 'landscape',
      colours: ['#0b090a', '#e5383b'],
      alt: 'An empty city street at dusk with a police vehicle parked at a junction.',
      caption: 'A street in Nairobi shortly after the start of the nightly curfew, April 2020.',
      credit: 'Wanjiku Mwangi',
    },
    {
      key: 'budapest-parliament',
      shape: 'landscape',
      colours: ['#22223b', '#c9ada7'],
      alt: 'The Hungarian Parliament building on the bank of the Danube, under an overcast sky.',
      caption: 'The Parliament building in Budapest, Hungary, March 2020.',
      credit: 'Candle demo archive',
    },
    {
      key: 'hungary-transit-zone',
      shape: 'landscape',
      colours: ['#3d405b', '#f2cc8f'],
      alt: 'Shipping-container buildings behind a double wire fence on flat farmland.',
      caption: 'The Röszke transit zone on Hungary’s border with Serbia, 2019.',
      credit: 'Péter Kovács',
    },
    {
      key: 'canada-border',
      shape: 'landscape',
      colours: ['#03045e', '#caf0f8'],
      alt: 'A family with suitcases walks along a snowy country road towards a small border post.',
      caption: 'People crossing from New York state into Quebec at Roxham Road, 2019.',
      credit: 'Candle demo archive',
    },
  ],

  cases: [
    {
      slug: 'adrian-vasquez-lagunes',
      name: 'Adrián Vásquez Lagunes',
      summary:
        'Tortured by Baja California state police in 2012 and jailed for three years on false charges, ' +
        'Adrián is still waiting for the reparation that the state ombudsman ordered in 2015.',
      storyMd: md`
        On 26 September 2012, Baja California state police stopped **Adrián Vásquez Lagunes** while he was
        driving in Tijuana. Over the next twelve hours officers beat him, threatened him and poured water
        into his nose until he could not breathe. They then paraded him in front of journalists as a
        supposed drug trafficker.

        On the strength of that accusation Adrián spent three years in prison. He was freed in December 2015,
        the same year the Baja California State Human Rights and Citizen Protection Ombudsman's Office found
        that his rights had been violated and ordered the state to provide full reparation.

        Years later, the state has still not paid. The torture left Adrián with lasting health problems,
        and in June 2020 he fell ill with COVID-19 at home without health or social security coverage.
        We are asking the Governor of Baja California to make good on the reparation without further delay.
      `,
      status: 'ongoing',
      country: 'mexico',
      portrait: 'adrian-portrait',
      featured: true,
    },
    {
      slug: 'clemencia-adelaida-salas-salazar',
      name: 'Clemencia Adelaida Salas Salazar',
      summary:
        'A defender of women’s sexual and reproductive rights in Yucatán whose police protection was cut ' +
        'at the start of the pandemic, then restored after supporters wrote to the authorities.',
      storyMd: md`
        **Clemencia Adelaida Salas Salazar**, known as Adelaida, works in Yucatán state to defend women's
        sexual and reproductive rights. Because of threats and attacks linked to that work, she is covered
        by Mexico's federal Protection Mechanism for Human Rights Defenders and Journalists.

        On 30 March 2020, public security officials withdrew the two police officers who escorted her and
        sent a single officer in their place, with restricted duties. Pandemic restrictions were given as
        the reason, but the change left her exposed at a moment of real danger.

        We issued Urgent Action UA 58/20 on 20 April 2020. Supporters wrote to the Governor of Yucatán, and
        three different authorities replied. In May, the Protection Mechanism reinstated her full protection
        measures. We continue to follow her situation.
      `,
      status: 'ongoing',
      country: 'mexico',
      portrait: 'adelaida-portrait',
      featured: true,
    },
    {
      slug: 'arnulfo-ceron-soriano',
      name: 'Arnulfo Cerón Soriano',
      summary:
        'An Indigenous rights defender from Guerrero who went missing on 11 October 2019 and was found ' +
        'dead in a clandestine grave near Tlapa forty days later.',
      storyMd: md`
        **Arnulfo Cerón Soriano** was an Indigenous human rights defender from the Montaña region of
        Guerrero, in southern Mexico. He was active in the Frente Popular de la Montaña and in the Movement
        for the Freedom of Political Prisoners of the State of Guerrero (MOLPEG).

        He went missing on 11 October 2019 while travelling to a meeting in Tlapa. On 20 November, after
        forty days of searching, the authorities found his body in a clandestine grave on the outskirts of
        the city. During 2019 he and other MOLPEG members had received threatening calls and messages.

        Since suspects were arrested, Arnulfo's relatives have been threatened, MOLPEG members have seen
        strangers watching their homes, and the Tlachinollan Human Rights Centre, which supported the
        family, has reported unknown people keeping watch outside its offices. The case is closed for our
        campaigning, but we continue to call for a full investigation and for the family's safety.
      `,
      status: 'closed',
      country: 'mexico',
      portrait: 'arnulfo-portrait',
    },
    {
      slug: 'ayotzinapa-43',
      name: 'The 43 students of Ayotzinapa',
      summary:
        'On 26 September 2014, 43 students of the Ayotzinapa rural teacher training college were taken by ' +
        'police in Iguala, Guerrero. Their families are still looking for them.',
      storyMd: md`
        On the night of 26 September 2014, municipal police in Iguala, Guerrero, opened fire on buses
        carrying students from the Raúl Isidro Burgos Rural Teacher Training College in Ayotzinapa. Six
        people were killed and **43 students** were taken away. Their whereabouts remain unknown.

        The previous government's official account of what happened was discredited by independent
        experts, and courts have since released dozens of suspects because evidence against them had been
        obtained under torture. In 2019 the new government set up a presidential truth commission and a
        special prosecutor's unit for the case.

        The parents of the 43 have never stopped searching. We stand with them in demanding the truth,
        justice for everyone responsible, including anyone who took part in covering it up, and the same
        determination for the tens of thousands of other people who have disappeared in Mexico.
      `,
      status: 'ongoing',
      country: 'mexico',
      portrait: 'ayotzinapa-43-posters',
      featured: true,
    },
    {
      slug: 'joy-dalisay',
      name: 'Joy Dalisay',
      summary:
        'A community radio journalist in the Philippines who was labelled a rebel on posters and then ' +
        'shot at in her home after reporting on land conversions. (Illustrative case.)',
      storyMd: md`
        **Joy Dalisay** hosts the morning programme on Radyo Bagwis, a small community station in the town
        of Malinaw. For years she has reported on local budgets and on farmland being converted for
        plantations, often putting officials on air to answer listeners' questions.

        In late 2019 posters appeared in the town describing her as a supporter of armed rebels, a kind of
        labelling that has preceded killings of journalists and activists in the Philippines. In January
        2020, two men on a motorcycle fired at her house at night. Nobody was hurt. She has filed a
        complaint, but no one has been charged.

        We are calling on the authorities to investigate the attack and the smear campaign, and to make
        sure that Joy can keep reporting safely.

        ${ILLUSTRATIVE}
      `,
      status: 'ongoing',
      country: 'philippines',
      portrait: 'dalisay-portrait',
    },
    {
      slug: 'nasieku-lemayian',
      name: 'Nasieku Lemayian',
      summary:
        'A Maasai land-rights defender in Kenya who was arrested after leading peaceful opposition to the ' +
        'fencing of community grazing land. (Illustrative case.)',
      storyMd: md`
        **Nasieku Lemayian** is a Maasai community organiser from Olkiramat, in southern Kenya. She has
        helped her neighbours document their customary claim to grazing land that a private company began
        fencing in 2019, and has accompanied families to county land hearings.

        In October 2019 she was arrested after a peaceful community meeting and charged with incitement.
        Thousands of supporters wrote to the authorities, and the charges were withdrawn in March 2020.

        The dispute over the land has not been resolved, and Nasieku continues to receive anonymous
        threats. We are asking the authorities to protect her and to ensure that the community is properly
        consulted before any decision on the land.

        ${ILLUSTRATIVE}
      `,
      status: 'ongoing',
      country: 'kenya',
      portrait: 'lemayian-portrait',
      featured: true,
    },
  ],

  articles: [
    // ---------------------------------------------------------------- Mexico
    {
      slug: 'mexico-adrian-vasquez-covid-19-reparation',
      type: 'urgent-action',
      title: 'Torture survivor Adrián Vásquez has COVID-19 and still no reparation',
      summary:
        'Adrián Vásquez Lagunes tested positive for COVID-19 at home on 16 June. Baja California has ' +
        'still not provided the reparation it owes him. Please contact the Governor today.',
      bodyMd: md`
        **Adrián Vásquez Lagunes** was diagnosed with COVID-19 at home in Tijuana on 16 June 2020. He has no
        health or social security coverage, and his family is struggling to pay for his care.

        Adrián survived torture by Baja California state police in 2012 and then spent three years in
        prison on charges that were invented to justify his arrest. In 2015 the state's Human Rights and
        Citizen Protection Ombudsman's Office ordered the authorities to repair the harm done to him. Five
        years on, that reparation has still not been delivered.

        ## What we are asking for

        Please write a letter, send an email, post on social media or phone the Governor of Baja
        California, Jaime Bonilla Valdez, and ask him to:

        - guarantee Adrián immediate health care and social security coverage;
        - provide an emergency fund to help the family through his illness;
        - finalise and deliver the full reparation ordered by the ombudsman in 2015, without further delay.

        Please be polite and brief, and mention Adrián by his full name. Let us know if you receive a
        reply, as it helps us track the case.
      `,
      publishedAt: '2020-06-18T15:00:00Z',
      reference: 'UA 87/20',
      image: 'adrian-el-hongo',
      countries: ['mexico'],
      topics: ['torture', 'right-to-health'],
      cases: ['adrian-vasquez-lagunes'],
    },
    {
      slug: 'mexico-adrian-vasquez-further-information',
      type: 'urgent-action',
      title: 'Further information: Adrián Vásquez is recovering, and the reparation is still owed',
      summary:
        'Adrián Vásquez Lagunes is over the worst of his illness, but Baja California has still not ' +
        'delivered what the ombudsman ordered. Keep writing to the Governor.',
      bodyMd: md`
        Thank you to everyone who wrote after our first appeal. **Adrián Vásquez Lagunes** is now recovering
        at home in Tijuana. His family tells us the messages gave them strength during the hardest weeks.

        The state government has acknowledged the letters, but it has not yet set a date to pay the
        reparation ordered in 2015, nor given Adrián the health coverage he needs while he recovers.

        ## What we are asking for

        Please write again to the Governor of Baja California and ask him to:

        - set a date, this year, to deliver the full reparation ordered by the ombudsman;
        - guarantee Adrián health and social security coverage without delay.

        A short, courteous message in Spanish is best. Tell us if you receive any answer.
      `,
      publishedAt: '2020-06-30T16:00:00Z',
      reference: 'UA 87/20',
      image: 'adrian-el-hongo',
      countries: ['mexico'],
      topics: ['right-to-health'],
      cases: ['adrian-vasquez-lagunes'],
    },
    {
      slug: 'mexico-adelaida-protection-withdrawn',
      type: 'urgent-action',
      title: 'Women’s rights defender Adelaida left without her police escort',
      summary:
        'Yucatán withdrew the escort that protects Clemencia Adelaida Salas Salazar, citing the pandemic. ' +
        'Ask the Governor to restore her full protection now.',
      bodyMd: md`
        **Clemencia Adelaida Salas Salazar** defends women's sexual and reproductive rights in Yucatán. After
        threats and attacks linked to that work, the federal Protection Mechanism assigned her two police
        officers as an escort.

        On 30 March 2020 the state's public security officials replaced them with a single officer whose
        duties were restricted, and named the pandemic as the reason. The threats have not stopped.

        ## What we are asking for

        Please write to the Governor of Yucatán and ask him to:

        - restore Adelaida's full protection measures at once, as the Protection Mechanism agreed them;
        - make sure pandemic measures never leave a protected defender without protection;
        - investigate the threats and attacks against her.
      `,
      publishedAt: '2020-04-20T15:00:00Z',
      reference: 'UA 58/20',
      image: 'adelaida-portrait',
      countries: ['mexico'],
      topics: ['human-rights-defenders', 'womens-rights'],
      cases: ['clemencia-adelaida-salas-salazar'],
    },
    {
      slug: 'mexico-adelaida-protection-restored',
      type: 'good-news',
      title: 'Good news: protection restored for women’s rights defender Adelaida',
      summary:
        'After supporters wrote to the Governor of Yucatán, full protection measures were reinstated for ' +
        'Clemencia Adelaida Salas Salazar in May.',
      bodyMd: md`
        At the end of March, public security officials in Yucatán took away the two police officers who
        protected **Clemencia Adelaida Salas Salazar** and sent one officer with restricted duties instead.
        They blamed the pandemic. For a woman facing threats because she defends sexual and reproductive
        rights, the decision was dangerous.

        We issued Urgent Action **UA 58/20** on 20 April. Supporters sent messages to the Governor of
        Yucatán, and three separate authorities wrote back. The threats and attacks against Adelaida
        stopped, and in May the federal Protection Mechanism for Human Rights Defenders and Journalists
        reinstated her full protection measures.

        This is what ordinary letters and emails can do when many people send them at once. Thank you to
        everyone who took action.

        ## Join the Urgent Action Network

        Every week we publish a small number of cases where a few well-timed messages can make a
        difference. Sign up to the Urgent Action Network to receive them by email.
      `,
      publishedAt: '2020-06-12T14:00:00Z',
      reference: 'UA 58/20',
      image: 'adelaida-portrait',
      countries: ['mexico'],
      topics: ['human-rights-defenders', 'womens-rights'],
      cases: ['clemencia-adelaida-salas-salazar'],
    },
    {
      slug: 'mexico-mothers-day-mothers-of-the-disappeared',
      type: 'blog',
      title: 'On Mother’s Day, standing with the mothers who search',
      summary:
        'With more than 61,000 people reported missing in Mexico, mothers of the disappeared keep up ' +
        'their search even under lockdown. This Mother’s Day, we stand with them.',
      bodyMd: md`
        In Mexico, 10 May is usually a day of family lunches and serenades. For thousands of women it is
        also a day of marches, carrying the photographs of sons and daughters who never came home. This
        year, with people asked to stay at home in both Mexico and Canada, those marches cannot fill the
        streets. The question the mothers ask is no quieter for it: where are our children?

        Official figures now count **more than 61,000 people** reported missing in Mexico, and the number
        keeps rising. Every one of them is a person with a name, and a family that lives with not knowing
        whether they are alive, where they were taken, or who took them.

        ## What the families have built

        Much of the progress of recent years exists because families, and above all mothers, refused to
        wait. They met each other in government waiting rooms and on hillsides where they dug with their
        own hands, and formed collectives, then networks, then a national movement. Their pressure led to:

        - a general law on disappearances;
        - a National Search System and search commissions in the states;
        - specialised prosecutors and investigators.

        None of this has brought enough people home. But it would not exist at all without them. Today we
        send our solidarity, and we renew our demand that the authorities search, investigate and tell the
        truth.
      `,
      publishedAt: '2020-05-06T16:00:00Z',
      image: 'mothers-march',
      countries: ['mexico', 'canada'],
      topics: ['enforced-disappearances', 'womens-rights'],
    },
    {
      slug: 'mexico-open-letter-lopez-gatell-migrants-covid-19',
      type: 'open-letter',
      title: 'Open letter to Dr Hugo López-Gatell on migrants in detention during COVID-19',
      summary:
        'We have written to Mexico’s Undersecretary for Prevention and Health Promotion about the risk ' +
        'COVID-19 poses to people held in crowded migration stations.',
      bodyMd: md`
        Today we sent an open letter to **Dr Hugo López-Gatell Ramírez**, Undersecretary for Prevention and
        Health Promotion and the official leading Mexico's response to COVID-19, about the health of
        migrants, asylum seekers and refugees held by the National Migration Institute.

        Dear Dr López-Gatell,

        You have told the country many times that keeping physical distance is the most effective way to
        avoid infection, and the Ministry of the Interior has recognised that migrants are among the people
        most at risk. Yet hundreds of people remain confined in migration stations where distancing is
        impossible, where access to soap, water and medical care is limited, and where protests over
        conditions have already ended in tragedy, including the death of a Guatemalan man at the Tenosique
        migration station at the end of March.

        We respectfully ask you to use your authority to ensure that:

        - people in migration detention are released to safe alternatives in the community;
        - anyone who remains in a migration station has access to testing, care and protective equipment;
        - nobody is returned to a country where their life or health would be at risk.

        > "The government has been clear about how people can protect themselves from this virus. It
        > cannot then keep people locked up in conditions where that advice is impossible to follow,"
        > said our Americas director.

        Yours sincerely,

        Americas director, on behalf of our organisation
      `,
      publishedAt: '2020-04-23T17:00:00Z',
      location: 'Mexico City',
      image: 'migration-station',
      countries: ['mexico', 'guatemala'],
      topics: ['refugees-and-migrants', 'right-to-health'],
    },
    {
      slug: 'mexico-open-letter-president-lopez-obrador-meeting',
      type: 'open-letter',
      title: 'We ask President López Obrador for a meeting on Mexico’s human rights crisis',
      summary:
        'In an open letter, we ask the President to meet us and set out our concerns about the state of ' +
        'human rights in Mexico more than a year into his term.',
      bodyMd: md`
        Today we sent an open letter to **President Andrés Manuel López Obrador** asking for a meeting and
        setting out our concerns about how his government is responding to the human rights situation in
        Mexico.

        We recognise the steps the government has taken, particularly on disappearances. But the crisis
        that Mexico has lived through for well over a decade needs more than isolated measures. In the
        letter we raise:

        - public statements by the President that belittle the work of human rights defenders;
        - the use of the National Guard to stop migrants and refugees from moving through the country;
        - the continuation of a security policy that relies on the armed forces, even as killings of women
          and men reach record levels.

        > "Some of what this government has done is welcome, but it is nowhere near what the scale of the
        > crisis demands. We want to sit down with the President and talk about how to change course,"
        > said our Americas director.

        We hope the President will accept our request and look forward to his reply.
      `,
      publishedAt: '2020-02-19T16:30:00Z',
      location: 'Mexico City',
      image: 'national-guard',
      countries: ['mexico'],
      topics: ['human-rights-defenders', 'policing-and-security', 'refugees-and-migrants'],
    },
    {
      slug: 'mexico-report-when-words-are-not-enough',
      type: 'report',
      title: 'When words are not enough: the government’s first year and human rights in Mexico',
      summary:
        'Almost a year after President López Obrador took office, our assessment finds little real change ' +
        'for the people living through Mexico’s human rights crisis.',
      bodyMd: md`
        President Andrés Manuel López Obrador took office on 1 December 2018 promising a break with the
        past. Our new report, **When words are not enough**, looks at what has changed for human rights in
        his first year, across some of the most pressing issues on the national agenda.

        We found that the government has been willing to act on some issues, most notably disappearances,
        where the National Search System has been revived. But for most people living with violence,
        insecurity and abuse, daily life looks much as it did before.

        ## Key findings

        - **Violence and the right to life:** homicides remain at record levels.
        - **Torture:** it is still widespread, and confessions obtained under torture are still used in
          court.
        - **Violence against women:** an average of ten women are killed every day.
        - **Public security:** the new National Guard is largely made up of military personnel, and the
          armed forces remain at the centre of security policy.
        - **Migrants and refugees:** the National Guard has been deployed to stop people travelling
          north, following an agreement with the United States.

        > "Promises and good intentions have not yet translated into changes that people can feel in their
        > lives. After a year, we need to see results," said our Americas director.

        The summary of the report, with our recommendations to the federal government, is attached below.
      `,
      publishedAt: '2019-11-28T15:00:00Z',
      location: 'Mexico City',
      image: 'national-guard',
      attachment: {
        name: 'when-words-are-not-enough.pdf',
        title: 'When words are not enough (summary, PDF)',
      },
      countries: ['mexico'],
      topics: ['enforced-disappearances', 'torture', 'womens-rights', 'policing-and-security'],
    },
    {
      slug: 'mexico-arnulfo-ceron-soriano-found-dead',
      type: 'news',
      title: 'Indigenous defender Arnulfo Cerón Soriano found dead in Guerrero',
      summary:
        'The body of Arnulfo Cerón Soriano was found in a clandestine grave near Tlapa on 20 November, ' +
        'forty days after he went missing. His family now faces threats.',
      bodyMd: md`
        The authorities found the body of Indigenous human rights defender **Arnulfo Cerón Soriano** on
        20 November in a clandestine grave on the outskirts of Tlapa, in the Montaña region of Guerrero.
        He had been missing since 11 October, when he set off for a meeting in the city.

        Arnulfo belonged to the Frente Popular de la Montaña and to the Movement for the Freedom of
        Political Prisoners of the State of Guerrero (MOLPEG). Throughout 2019 he and fellow members had
        been threatened by phone and by message because of their activism.

        The threats did not end with his death. Since suspects were arrested, Arnulfo's family has received
        threatening messages. MOLPEG members have noticed strangers outside their homes, and the
        Tlachinollan Human Rights Centre has seen unknown people watching its offices.

        ## Our demands

        - A prompt, thorough and impartial investigation into Arnulfo's disappearance and killing, including
          who ordered it.
        - Effective protection for his family, MOLPEG and the organisations that supported the search.
      `,
      publishedAt: '2019-11-25T18:00:00Z',
      location: 'Tlapa, Guerrero',
      image: 'arnulfo-portrait',
      countries: ['mexico'],
      topics: ['human-rights-defenders', 'enforced-disappearances'],
      cases: ['arnulfo-ceron-soriano'],
    },
    {
      slug: 'us-mexico-border-delegation-diary',
      type: 'blog',
      title: 'Diary from the border: five days with people waiting for asylum',
      summary:
        'A member of our delegation to the US–Mexico border describes what they heard from families ' +
        'sent back to Mexico to wait for their asylum hearings.',
      bodyMd: md`
        From 22 to 26 October, I travelled with colleagues from several countries to look at how US
        policies designed to keep asylum seekers out are affecting people on both sides of the border.

        In San Diego and Tijuana we met the consul general of Mexico, the National Human Rights Commission,
        United Nations agencies, lawyers and the volunteers who run shelters with very little money. In
        Brownsville, Texas, we visited a shelter for children who had crossed the border alone.

        ## Matamoros

        On the last day we walked across the bridge into Matamoros. Under the policy known as "Remain in
        Mexico", hundreds of people, many of them families with small children, are living in tents by the
        river while they wait, often for months, for hearings in US immigration courts.

        A woman from Honduras showed us the spot where she cooks for her two daughters on a fire of scrap
        wood. She told us that the people in the camp take turns keeping each other going: on bad days,
        someone else does the cooking and the worrying.

        What we saw was people doing exactly what the law allows them to do, asking for protection, and
        being made to wait in danger for doing so. The US and Mexican governments can end this, and they
        should.
      `,
      publishedAt: '2019-10-31T13:00:00Z',
      location: 'Matamoros, Mexico',
      image: 'matamoros-camp',
      countries: ['mexico', 'united-states'],
      topics: ['refugees-and-migrants'],
    },
    {
      slug: 'escazu-agreement-signatures',
      type: 'good-news',
      title: 'Good news: the Escazú Agreement gathers momentum',
      summary:
        'Twelve Latin American and Caribbean countries signed the Escazú Agreement on the first day it ' +
        'opened, and more are joining. It is the region’s first treaty to protect environmental defenders.',
      bodyMd: md`
        The **Escazú Agreement**, the Latin American and Caribbean treaty on access to information, public
        participation and justice in environmental matters, continues to gain support around the UN
        General Assembly in New York.

        Twelve countries signed it on the first day it was open for signature: Antigua and Barbuda,
        Argentina, Brazil, Costa Rica, Ecuador, Guatemala, Guyana, Mexico, Panama, Peru, Saint Lucia and
        Uruguay. Others have followed, and the first ratifications are now bringing it closer to entering
        into force.

        ## Why it matters

        Latin America is one of the most dangerous places in the world to defend land, water and forests.
        The agreement is the first binding treaty anywhere to include specific commitments to protect
        people who defend the environment. It also guarantees communities the right to know about projects
        that affect them and to have a say.

        > "These governments have shown what leadership looks like. We urge every country in the region
        > that has not yet signed and ratified the agreement to do so, for the sake of the people defending
        > the environment today and of the generations to come," said our Americas director.
      `,
      publishedAt: '2019-09-27T19:00:00Z',
      location: 'New York',
      image: 'escazu-river',
      countries: [
        'mexico',
        'argentina',
        'brazil',
        'costa-rica',
        'ecuador',
        'guatemala',
        'panama',
        'peru',
        'uruguay',
      ],
      topics: ['environment', 'human-rights-defenders'],
    },
    {
      slug: 'mexico-ayotzinapa-five-years',
      type: 'press-release',
      title: 'Ayotzinapa, five years on: new measures must now bring results',
      summary:
        'The government’s steps to uncover the truth about the 43 disappeared students must soon produce ' +
        'results, and the same effort must extend to thousands of other disappearances.',
      bodyMd: md`
        Five years after 43 students of the Ayotzinapa rural teacher training college were forcibly
        disappeared in Iguala, Guerrero, the measures taken by President López Obrador's government to
        find the truth must start to produce concrete results, we said today.

        The creation of a presidential truth commission and of a special prosecutor's unit for the case are
        welcome. But the families have been waiting for five years, and courts have released dozens of
        suspects because evidence against them was obtained under torture.

        > "For four years we denounced the way the authorities covered up what happened to the 43. The
        > new government has begun to take the case seriously, and we recognise that, but the hardest work
        > is still ahead," said our Americas director.

        The same commitment must also reach the families of the tens of thousands of other people who have
        disappeared in Mexico, most of whom have never had a truth commission or a special prosecutor.
      `,
      publishedAt: '2019-09-23T16:00:00Z',
      location: 'Mexico City',
      image: 'ayotzinapa-march',
      countries: ['mexico'],
      topics: ['enforced-disappearances'],
      cases: ['ayotzinapa-43'],
    },
    {
      slug: 'mexico-un-committee-enforced-disappearances',
      type: 'press-release',
      title: 'Mexico: welcome step towards accepting UN committee on disappearances',
      summary:
        'We welcome Mexico’s stated intention to accept the competence of the UN Committee on Enforced ' +
        'Disappearances to consider individual cases.',
      bodyMd: md`
        Responding to the announcement by Under Secretary for Human Rights **Alejandro Encinas** that Mexico
        intends to accept the competence of the UN Committee on Enforced Disappearances to receive and
        examine individual cases, our Americas director said:

        > "This is an important signal that the government wants truth, justice and reparation for the
        > families of people who have disappeared. For years disappearances have been among the darkest
        > features of Mexico's human rights record, and ending them will take every resource the state
        > has."

        Accepting the committee's competence would allow families who cannot find justice in Mexico to
        bring their cases before an independent international body. Civil society and the families
        themselves have asked for this for many years.

        We will follow the implementation of this decision closely. Real change for the families will
        depend on every authority, federal and state, taking its part seriously.
      `,
      publishedAt: '2019-09-19T15:30:00Z',
      location: 'Mexico City',
      image: 'mothers-march',
      countries: ['mexico'],
      topics: ['enforced-disappearances'],
    },
    {
      slug: 'mexico-adrian-vasquez-seven-years',
      type: 'press-release',
      title: 'Adrián Vásquez: seven years after his torture, still waiting for reparation',
      summary:
        'Seven years after Baja California state police tortured Adrián Vásquez Lagunes, neither he nor ' +
        'his family has received the reparation they are owed.',
      bodyMd: md`
        Seven years after **Adrián Vásquez Lagunes** was illegally detained and tortured by Baja California
        state police, the authorities have still not repaired the harm done to him and his family, we said
        today.

        Police stopped Adrián as he drove through Tijuana on 26 September 2012. During twelve hours in
        custody he was beaten, threatened and had water forced into his nose. Officers then presented him to
        the media as a drug trafficker. He spent three years in prison on false charges and was released in
        December 2015. We documented and denounced his case at the time.

        > "The Governor's term is coming to an end. He still has time to make sure Adrián and his family
        > receive what they are owed, and to close this chapter with justice rather than more delay," said
        > our Americas director.

        In 2015 the state Human Rights and Citizen Protection Ombudsman's Office ordered full reparation.
        It has not been delivered.
      `,
      publishedAt: '2019-09-05T15:00:00Z',
      location: 'Tijuana, Mexico',
      image: 'adrian-el-hongo',
      countries: ['mexico'],
      topics: ['torture', 'policing-and-security'],
      cases: ['adrian-vasquez-lagunes'],
    },
    {
      slug: 'mexico-ayotzinapa-anniversary-26-september',
      type: 'blog',
      title: 'Why 26 September matters: remembering the 43',
      summary:
        'As the fifth anniversary of the Ayotzinapa disappearances approaches, here is why the date ' +
        'matters so much, and how you can stand with the families.',
      bodyMd: md`
        For people who defend human rights in Mexico, and for many of us elsewhere, 26 September has become
        a date that cannot pass unmarked.

        Five years ago that night, police in Iguala, Guerrero, attacked buses carrying students from the
        rural teacher training college in Ayotzinapa. Forty-three of the students were taken away. None of
        them has been seen since.

        For their parents and classmates, knowing what happened and seeing everyone responsible brought to
        justice is not an abstract goal. It is the condition for being able to grieve, or to hope.

        ## How to mark the anniversary

        - Share the names and faces of the 43 on social media.
        - Join or organise a vigil in your community on 26 September.
        - Write to the Mexican embassy in your country to ask for truth and justice for the students.
      `,
      publishedAt: '2019-09-04T14:00:00Z',
      image: 'ayotzinapa-43-posters',
      countries: ['mexico'],
      topics: ['enforced-disappearances'],
      cases: ['ayotzinapa-43'],
    },
    {
      slug: 'mexico-tabasco-reform-criminalises-protest',
      type: 'press-release',
      title: 'Mexico: Tabasco reform threatens to criminalise peaceful protest',
      summary:
        'A reform approved in Tabasco punishes protest against public or private works with long prison ' +
        'terms, and could be used against people defending their land and rights.',
      bodyMd: md`
        Moves by several state governments in Mexico are putting freedom of expression and peaceful
        assembly at risk, and could pave the way for punishing people who defend human rights, we said
        today.

        In **Tabasco**, state deputies have approved a reform to the penal code that sets long prison
        sentences for opposing public or private works and for blocking roads or other means of
        communication. The reform comes as major infrastructure projects, including an oil refinery at Dos
        Bocas, are being built in the state.

        > "This reform would let the authorities and companies push through large projects while silencing
        > the communities who will live with the consequences. It punishes people for speaking out and for
        > gathering peacefully," said our Americas director.

        The offences are defined so broadly that almost any gathering to question an approved project
        could be treated as a crime. We call on the Tabasco authorities to repeal the reform and on other
        states not to follow its example.
      `,
      publishedAt: '2019-07-31T16:00:00Z',
      location: 'Villahermosa, Tabasco',
      image: 'tabasco-protest',
      countries: ['mexico'],
      topics: ['freedom-of-expression-and-assembly', 'human-rights-defenders', 'environment'],
    },
    {
      slug: 'mexico-national-guard-laws',
      type: 'press-release',
      title: 'Mexico: National Guard laws fall short of international standards',
      summary:
        'Congress is about to approve security laws that would give the new National Guard broad powers ' +
        'with too little independent oversight.',
      bodyMd: md`
        Mexico's Congress is preparing to approve a package of public security laws that fall short of
        international human rights law and would put people at risk, we said today.

        On Tuesday 21 May the Senate approved four laws that together set up the new **National Guard**: a
        law on the Guard itself, a national law on the use of force, a law on a national register of
        detentions, and changes to the law on the national public security system.

        The laws include some positive measures, such as the detention register. But they also contain
        serious flaws:

        - the Guard would be able to detain migrants;
        - it could use force against demonstrations it does not consider legitimate;
        - there is no strong, independent body to scrutinise its conduct.

        > "As written, these laws would create a security force with enormous powers and very little
        > oversight. In a country that has suffered more than a decade of abuses in the name of security,
        > that is a serious risk," said the director of our Mexico office.
      `,
      publishedAt: '2019-05-22T17:00:00Z',
      location: 'Mexico City',
      image: 'national-guard',
      countries: ['mexico'],
      topics: ['policing-and-security', 'refugees-and-migrants', 'freedom-of-expression-and-assembly'],
    },
    {
      slug: 'mexico-adrian-vasquez-six-years',
      type: 'press-release',
      title: 'Six years on, Baja California still owes torture survivor Adrián Vásquez',
      summary:
        'Six years after his torture, and three years after the state ombudsman ordered reparation, ' +
        'Adrián Vásquez Lagunes is still waiting.',
      bodyMd: md`
        Six years ago today, Baja California state police arrested **Adrián Vásquez Lagunes** in Tijuana
        and tortured him for hours. He lost three years of his life in prison on charges that should never
        have been brought.

        In 2015 the state ombudsman recognised that his rights had been violated and ordered the
        authorities to provide reparation, including compensation, medical and psychological care and a
        public acknowledgement. Three years later, the state has not complied.

        > "Adrián did everything that was asked of him. He went through the proper channels and won. Now
        > the state must do its part," said our Americas director.

        We urge the Governor of Baja California to meet Adrián and his family and agree a date for full
        reparation.
      `,
      publishedAt: '2018-09-26T15:00:00Z',
      location: 'Tijuana, Mexico',
      image: 'adrian-portrait',
      countries: ['mexico'],
      topics: ['torture'],
      cases: ['adrian-vasquez-lagunes'],
    },

    // ----------------------------------------------------------- Philippines
    {
      slug: 'philippines-joy-dalisay-journalist-shot-at',
      type: 'urgent-action',
      title: 'Community journalist shot at after being labelled a rebel',
      summary:
        'Gunmen fired at the home of radio journalist Joy Dalisay weeks after posters branded her a ' +
        'rebel supporter. Ask the police to investigate and protect her. (Illustrative.)',
      bodyMd: md`
        In the early hours of 18 January 2020, two men on a motorcycle fired several shots at the home of
        **Joy Dalisay**, who presents the morning programme on the community station Radyo Bagwis. Joy and
        her family were inside. No one was injured.

        Weeks earlier, posters had appeared in the town accusing her of supporting armed rebels. This kind
        of labelling, often called "red-tagging", has been followed by attacks on journalists and activists
        across the Philippines.

        ## Take action

        Write to the Chief of the Philippine National Police and ask him to:

        - order a prompt, impartial investigation into the shooting and into who was behind the posters;
        - provide protection for Joy Dalisay that she agrees to;
        - publicly affirm that journalists must be able to work without being labelled as enemies.

        *This is an illustrative case written for the Candle demo.*
      `,
      publishedAt: '2020-02-10T06:00:00Z',
      reference: 'UA 21/20',
      image: 'dalisay-portrait',
      countries: ['philippines'],
      topics: ['freedom-of-expression-and-assembly', 'human-rights-defenders'],
      cases: ['joy-dalisay'],
    },
    {
      slug: 'philippines-press-freedom-day-joy-dalisay',
      type: 'news',
      title: 'Press freedom under pressure in the Philippines',
      summary:
        'On World Press Freedom Day, community journalists like Joy Dalisay are still waiting for justice, ' +
        'and national broadcasters face pressure of their own.',
      bodyMd: md`
        On World Press Freedom Day, reporters in the Philippines are working under the twin pressures of a
        pandemic lockdown and a climate of hostility towards independent journalism.

        Three months after gunmen fired at the home of community radio journalist **Joy Dalisay**, nobody
        has been charged. Thousands of people wrote to the police after our urgent action, and local
        officers have visited her home, but the investigation has not moved forward.

        Journalists in the provinces are often the most exposed. They report on local officials and
        businesses, with little of the protection that national attention can bring.

        We call on the government to investigate attacks on journalists promptly and to stop officials from
        labelling reporters as enemies of the state.

        *Joy Dalisay's case is illustrative and was written for the Candle demo.*
      `,
      publishedAt: '2020-05-03T02:00:00Z',
      location: 'Manila, Philippines',
      image: 'philippines-newsroom',
      countries: ['philippines'],
      topics: ['freedom-of-expression-and-assembly'],
      cases: ['joy-dalisay'],
    },
    {
      slug: 'philippines-anti-terrorism-act-signed',
      type: 'press-release',
      title: 'Philippines: new anti-terrorism law is a threat to dissent',
      summary:
        'The Anti-Terrorism Act signed today defines terrorism so vaguely that critics, journalists and ' +
        'activists could be swept up by it.',
      bodyMd: md`
        The Anti-Terrorism Act signed into law by President Rodrigo Duterte today gives the authorities
        sweeping new powers and threatens people who criticise the government, we said.

        The law's definition of terrorism is vague and broad. It allows a council of officials, rather than
        a court, to designate people and groups as terrorists, and permits suspects to be held for up to 24
        days without charge.

        In a country where activists and journalists are routinely labelled as enemies of the state, these
        powers are dangerous.

        > "This law could be used to treat peaceful criticism as a crime. It should be repealed, or at the
        > very least brought in line with international human rights law," said our Asia-Pacific director.
      `,
      publishedAt: '2020-07-03T09:00:00Z',
      location: 'Manila, Philippines',
      image: 'philippines-newsroom',
      countries: ['philippines'],
      topics: ['freedom-of-expression-and-assembly', 'policing-and-security'],
    },

    // ----------------------------------------------------------------- Kenya
    {
      slug: 'kenya-nasieku-lemayian-arrested',
      type: 'urgent-action',
      title: 'Land-rights defender charged after peaceful community meeting',
      summary:
        'Nasieku Lemayian was arrested and charged with incitement after a peaceful meeting about ' +
        'fenced-off grazing land. Ask for the charges to be dropped. (Illustrative.)',
      bodyMd: md`
        On 29 October 2019, police arrested **Nasieku Lemayian**, a Maasai community organiser, as she left a
        peaceful meeting where residents of Olkiramat had discussed the fencing of their grazing land. She
        was released on bail the next day and charged with incitement to violence.

        Nasieku has helped families document their claim to the land and has spoken at county hearings. We
        believe she is being prosecuted only for that peaceful work.

        ## Take action

        Write to the Director of Public Prosecutions and ask for:

        - the charges against Nasieku Lemayian to be withdrawn;
        - an investigation into the anonymous threats she has received;
        - the community to be properly consulted before any decision on the land.

        *This is an illustrative case written for the Candle demo.*
      `,
      publishedAt: '2019-11-14T08:00:00Z',
      reference: 'UA 142/19',
      image: 'lemayian-portrait',
      countries: ['kenya'],
      topics: ['human-rights-defenders', 'environment'],
      cases: ['nasieku-lemayian'],
    },
    {
      slug: 'kenya-nasieku-lemayian-charges-dropped',
      type: 'good-news',
      title: 'Good news: charges dropped against Nasieku Lemayian',
      summary:
        'Prosecutors have withdrawn the incitement charge against land-rights defender Nasieku Lemayian. ' +
        'The dispute over her community’s land continues. (Illustrative.)',
      bodyMd: md`
        Prosecutors have withdrawn the incitement charge against **Nasieku Lemayian**, four months after her
        arrest for taking part in a peaceful community meeting.

        More than 8,000 people wrote to the authorities on her behalf. Nasieku told us the letters gave her
        and her neighbours the confidence to keep going.

        The struggle is not over. The fence is still standing, and the community has not been consulted
        about the future of the land. We will keep following the case.

        *This is an illustrative case written for the Candle demo.*
      `,
      publishedAt: '2020-03-05T10:00:00Z',
      image: 'kenya-grazing',
      countries: ['kenya'],
      topics: ['human-rights-defenders', 'environment'],
      cases: ['nasieku-lemayian'],
    },
    {
      slug: 'kenya-police-violence-covid-19-curfew',
      type: 'press-release',
      title: 'Kenya: police must stop using excessive force to enforce the curfew',
      summary:
        'Since the nationwide curfew began on 27 March, police have beaten and shot at people. ' +
        'Public health measures must not become an excuse for abuse.',
      bodyMd: md`
        Kenyan police must stop using excessive force to enforce the nightly curfew introduced to slow the
        spread of COVID-19, we said today.

        On the first evening of the curfew, police in Mombasa fired tear gas at crowds of commuters waiting
        for a ferry and beat people who were trying to get home. In Nairobi, a 13-year-old boy was killed by
        a police bullet while standing on the balcony of his family's home.

        Protecting public health is essential. But people do not become safer from a virus by being
        tear-gassed into crowds or beaten in the street.

        > "The police should be helping people to follow health measures, not terrorising them. Every
        > death and injury must be investigated and those responsible held to account," said our Kenya
        > director.
      `,
      publishedAt: '2020-04-02T09:00:00Z',
      location: 'Nairobi, Kenya',
      image: 'nairobi-curfew',
      countries: ['kenya'],
      topics: ['policing-and-security', 'right-to-health'],
    },

    // --------------------------------------------------------------- Hungary
    {
      slug: 'hungary-emergency-law-rule-by-decree',
      type: 'press-release',
      title: 'Hungary: emergency law gives the government unlimited powers',
      summary:
        'A law passed today lets the government rule by decree with no end date and threatens prison for ' +
        'spreading “false” information about the pandemic.',
      bodyMd: md`
        The law passed by Hungary's parliament today allows the government to rule by decree for as long as
        it chooses, with no clear end date, we said.

        The law also creates a new offence of spreading information judged to be false or distorted that
        could hinder the response to the pandemic, punishable by up to five years in prison. Journalists
        and ordinary people sharing their experiences of hospitals could be at risk.

        Governments need to be able to act quickly in a health emergency. But emergency powers must be
        limited in time, necessary and proportionate, and subject to scrutiny.

        > "This law is not needed to fight the virus. It hands the government a blank cheque and threatens
        > the people who report on how the crisis is being handled," said our Europe director.
      `,
      publishedAt: '2020-03-30T16:00:00Z',
      location: 'Budapest, Hungary',
      image: 'budapest-parliament',
      countries: ['hungary'],
      topics: ['freedom-of-expression-and-assembly', 'right-to-health'],
    },
    {
      slug: 'hungary-transit-zones-closed',
      type: 'news',
      title: 'Hungary closes border transit zones after EU court ruling',
      summary:
        'Hungary has closed the transit zones where asylum seekers were held, a week after the EU’s top ' +
        'court found their detention unlawful.',
      bodyMd: md`
        Hungary has moved the last people out of the transit zones at Röszke and Tompa on its border with
        Serbia, a week after the Court of Justice of the European Union ruled that holding asylum seekers
        there amounted to unlawful detention.

        For years, people, including children, were confined in container camps behind fences for months
        at a time. Some whose claims had been rejected were denied food.

        The closure is welcome, but the government has announced that people will now have to apply for
        asylum at Hungarian embassies outside the European Union, which would make it almost impossible to
        seek protection in the country.

        We call on the authorities to allow people to claim asylum at the border and inside Hungary, as EU
        and international law require.
      `,
      publishedAt: '2020-05-21T12:00:00Z',
      location: 'Budapest, Hungary',
      image: 'hungary-transit-zone',
      countries: ['hungary'],
      topics: ['refugees-and-migrants'],
    },

    // ---------------------------------------------------------------- Canada
    {
      slug: 'canada-safe-third-country-agreement-ruling',
      type: 'good-news',
      title: 'Good news: court rules Canada–US refugee agreement violates the Charter',
      summary:
        'The Federal Court has found that sending refugee claimants back to the United States under ' +
        'the Safe Third Country Agreement breaches their rights.',
      bodyMd: md`
        The Federal Court of Canada ruled today that the Safe Third Country Agreement with the United States
        violates the Canadian Charter of Rights and Freedoms.

        Under the agreement, most people who arrive at an official land border crossing to ask for refugee
        protection in Canada are turned back to the United States. The court heard evidence that some of
        those returned were placed in US immigration detention in harsh conditions.

        The court suspended its ruling for six months to give Parliament time to respond. We urge the
        government not to appeal, and to stop returning refugee claimants to the United States now.

        This ruling is the result of years of work by refugee advocates and by the people who came forward
        to tell the court what happened to them.
      `,
      publishedAt: '2020-07-22T18:00:00Z',
      location: 'Ottawa, Canada',
      image: 'canada-border',
      countries: ['canada', 'united-states'],
      topics: ['refugees-and-migrants'],
    },
  ],
};
