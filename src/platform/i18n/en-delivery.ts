/** Alerts mailed to subscribers and the admin's delivery pages (issue 12, item 3). */
export const enDelivery = {
  'alert.mail.read': 'Read it on the site: {url}',
  'alert.mail.readLink': 'Read it on the site',
  'alert.mail.picture': 'Picture: {alt}',
  'alert.mail.manage': 'Change or stop these emails',
  'alert.mail.footer.links':
    'You receive this because you subscribed to {site}. Change or stop these emails: {manage}',
  'alert.mail.footer.none':
    'You receive this because you subscribed to {site}. To change or stop these emails, sign up again with this address at {subscribe}: you will be sent a link to your subscription.',
  'alert.mail.footer.html': 'You receive this because you subscribed to {site}.',
  'alert.mail.footer.noneHtml':
    'To change or stop these emails, sign up again with this address and you will be sent a link to your subscription:',
  'digest.mail.subject.daily': '{site}: today’s news you follow ({count})',
  'digest.mail.subject.weekly': '{site}: this week’s news you follow ({count})',

  'admin.nav.deliveries': 'Alert deliveries',
  'delivery.title': 'Alert deliveries',
  'delivery.intro':
    'Each published item alerts the subscribers who follow it. Candle records what was sent, never who opened it.',
  'delivery.none': 'No item has alerted anyone yet.',
  'delivery.item': 'Item',
  'delivery.published': 'Published',
  'delivery.queued': 'Queued',
  'delivery.sent': 'Sent',
  'delivery.failed': 'Failed, to retry',
  'delivery.dead': 'Dead',
  'delivery.suppressed': 'Skipped, suppressed',
  'delivery.cancelled': 'Not sent',
  'delivery.digest': 'Kept for digests',
  'delivery.alertTitle': 'Deliveries of “{title}”',
  'delivery.withdrawn': 'The item was withdrawn on {when}; messages not yet sent were not sent.',
  'delivery.deadTitle': 'Messages that could not be delivered',
  'delivery.deadNone': 'None.',
  'delivery.email': 'Address',
  'delivery.attempts': 'Tries',
  'delivery.error': 'Last error',
  'delivery.back': 'All alerts',
  'delivery.digestsTitle': 'Digests refused by the recipient’s server',
  'delivery.digestsIntro':
    'A refused digest is tried again after 1 minute, 5 minutes, 30 minutes and 2 hours; after the fifth refusal it is dead and its items wait for the next digest.',
  'delivery.digestsNone': 'None.',
  'delivery.digestPeriod': 'Digest',
  'delivery.digestState': 'State',
  'delivery.digestNext': 'Next try',
  'delivery.digestState.failed': 'Failed, to retry',
  'delivery.digestState.dead': 'Dead',
} as const;
