/** The ledger's parts of the impact pages: replies received per target, outcomes (issue 14, item 4). */
export const enImpactSlots = {
  'impactSlots.all': 'All',
  'impactSlots.public': 'Public',
  'impactSlots.day': 'Day (UTC)',

  'impactSlots.replies.heading': 'Replies from the authorities',
  'impactSlots.replies.none': 'No reply has been recorded yet.',
  'impactSlots.replies.introOne':
    '{replies, plural, one {# reply} other {# replies}} from {targets, plural, one {# authority} other {# authorities}} on this urgent action and its series, public and internal, as recorded in the ledger.',
  'impactSlots.replies.introAll':
    '{replies, plural, one {# reply} other {# replies}} from {targets, plural, one {# authority} other {# authorities}} on every urgent action, public and internal, as recorded in the ledger.',
  'impactSlots.replies.channel.letter': 'Letter',
  'impactSlots.replies.channel.email': 'Email',
  'impactSlots.replies.channel.call': 'Phone call',
  'impactSlots.replies.channel.statement': 'Public statement',
  'impactSlots.replies.target': 'Target',
  'impactSlots.replies.latest': 'Latest reply',
  'impactSlots.replies.everyTarget': 'Every target',
  'impactSlots.replies.targetsCaption': 'Replies received per target and how they came, the most first',
  'impactSlots.replies.daysCaption':
    'Replies received per day (the day received) and how they came, over {days, plural, one {# day} other {# days}}',
  'impactSlots.replies.chartTitle': 'Replies received per day, by how they came',
  'impactSlots.replies.unit': 'replies',

  'impactSlots.outcomes.heading': 'Outcomes for the people at risk',
  'impactSlots.outcomes.none': 'No outcome has been recorded yet.',
  'impactSlots.outcomes.intro':
    '{count, plural, one {# outcome} other {# outcomes}} recorded, public and internal, each on the day it happened.',
  'impactSlots.outcomes.listCaption': 'Outcomes in the order they happened',
  'impactSlots.outcomes.latestCaption':
    'The latest {count, plural, one {outcome} other {# outcomes}}, in the order they happened',
  'impactSlots.outcomes.kindsCaption': 'Outcomes per kind, with the latest day of each',
  'impactSlots.outcomes.urgentAction': 'Urgent action',
  'impactSlots.outcomes.outcome': 'Outcome',
  'impactSlots.outcomes.source': 'Source',
  'impactSlots.outcomes.visibility': 'Shown',
  'impactSlots.outcomes.goodNews': 'Good news',
  'impactSlots.outcomes.drafted': 'Drafted',
  'impactSlots.outcomes.count': 'Outcomes',
  'impactSlots.outcomes.latest': 'Latest',
} as const;
