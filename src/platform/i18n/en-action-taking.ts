/** Taking action on an urgent action (issue 13): the forms, the answers, the confirmation link. */
export const enActionTaking = {
  'take.email.heading': 'Email the officials',
  'take.email.intro':
    'Edit the letter if you wish, then send it. It goes from {site} to {officials}, with replies going to you, during their office hours.',
  'take.email.noEmail': 'These officials have no email address: write a letter, post or call instead.',
  'take.letter.language': 'The letter, in the officials’ language ({language})',
  'take.letter.translation': 'Translation ({language}), for you to read',
  'take.letter.salutationNote':
    'Each official’s salutation is added at the top, and your name, city and country at the end.',
  'take.letter.fallback':
    'I am writing to you about this urgent matter. I respectfully urge you to:\n{asks}\n\nThank you for your attention.',
  'take.subject': 'Subject',
  'take.body': 'Your letter',
  'take.name': 'Your name',
  'take.email': 'Your email address',
  'take.emailHint': 'We send you one link to confirm it; nothing is sent in your name before you press it.',
  'take.city': 'Your town or city',
  'take.country': 'Your country',
  'take.keepInformedLegend': 'Staying in touch (optional)',
  'take.keepInformed':
    'Keep me informed: {site} may email me about this urgent action and what happens next. I can stop at any time.',
  'take.honeypot': 'Leave this field empty',
  'take.sendLetter': 'Send my letter',
  'take.countMe': 'Count my action',
  'take.countMe.letter': 'I posted my letter',
  'take.countMe.post': 'I posted it',
  'take.countMe.call': 'I called',
  'take.errors': 'There is a problem',
  'take.error.name': 'Enter your name (one line, up to 100 characters).',
  'take.error.email': 'Enter an email address like name@example.org.',
  'take.error.city': 'Enter your town or city (one line).',
  'take.error.country': 'Enter your country (one line).',
  'take.error.subject': 'Enter a subject (one line, up to 200 characters).',
  'take.error.body': 'The letter holds characters that cannot be sent; remove them.',
  'take.error.bodyEmpty': 'The letter is empty: write it, or keep the sample.',
  'take.error.channel': 'Choose what you did.',
  'take.error.detail': 'Choose one of the answers given.',
  'take.error.wording': 'The form was out of date. Tick the box again if you want to be kept informed.',
  'take.throttled':
    'Too many actions from your connection in a short time. Try again later: what you typed is kept below.',
  'take.throttledNoProof':
    'Too many actions from your connection without the automatic check, which needs JavaScript. Try again in an hour, or turn JavaScript on and send the form again: what you typed is kept below.',
  'take.formTitle': 'Take action: {title}',
  'take.back': 'Back to the urgent action',
  'take.thanks.title': 'Thank you',
  'take.thanks.body':
    'We have recorded your action on “{title}”: each address counts once per way of acting.',
  'take.thanks.confirm':
    'If this is the first time you act with your address from this browser, we have sent it a link. Your action counts, and any letter goes, once you press the button behind it (within 7 days).',
  'take.thanks.noMail':
    'No email after a few minutes? Look in your spam folder, or ask for a fresh link here. If the address was mistyped, go back to the urgent action and send the form again with the right one.',
  'take.closed.title': 'This urgent action is no longer open',
  'take.closed.body':
    'It no longer takes actions, and nothing was recorded. Its page says what happened since.',
  'take.unknown.title': 'No such urgent action',
  'take.unknown.body': 'This urgent action does not exist or is not published.',
  'take.foreign.title': 'Form refused',
  'take.foreign.body':
    'This form was sent from another website, so it was not accepted. If you meant to act, use the form on the urgent action’s page.',
  'take.confirm.title': 'Confirm your address',
  'take.confirm.body':
    'Press the button to confirm {email}: your actions are then counted and your letters sent.',
  'take.confirm.pendingLegend': 'Actions waiting for this confirmation',
  'take.confirm.pendingIntro':
    'Untick anything you did not do yourself: it is deleted, and nothing is sent or counted in your name.',
  'take.confirm.actionLabel': '{title}: {channel}, {date}',
  'take.confirm.letter': 'The letter',
  'take.confirm.badChoice':
    'The list of actions sent with the form could not be read. Open the link from your mail again.',
  'take.confirmed.deleted':
    '{count, plural, one {# action you did not take was deleted: nothing was sent for it.} other {# actions you did not take were deleted: nothing was sent for them.}}',
  'take.confirm.submit': 'Confirm my address',
  'take.confirmed.title': 'Address confirmed',
  'take.confirmed.body':
    'Thank you. {email} is confirmed: your actions count and your letters are on their way. This browser now remembers it for a year (a cookie for our action pages only), so your next actions from it count at once.',
  'take.badLink.title': 'This link does not work',
  'take.badLink.unknown': 'This confirmation link is not known: it may have been copied incompletely.',
  'take.badLink.expired': 'This confirmation link is more than 7 days old.',
  'take.badLink.used':
    'This confirmation link has already been used: if you pressed it, your address is confirmed.',
  'take.badLink.fresh':
    'Get a fresh link: enter your email address and we will send one if it still needs confirming.',
  'take.badLink.submit': 'Send me a fresh link',
  'take.freshSent.title': 'Check your inbox',
  'take.freshSent.body':
    'If {email} still needs confirming, a fresh link is on its way. It works for 7 days.',
  'take.mail.subject': 'Confirm your action with {site}',
  'take.mail.text':
    'Thank you for taking action with {site}.\n\nTo confirm that this address is yours, open this link and press the button on the page:\n\n{link}\n\nOnce you do, your actions are counted and any letter you wrote is sent in your name. The link works for {days} days. If you did not act with us, ignore this message: nothing is sent and your address is deleted after {days} days.\n\nTo see or erase what we hold about you, at any time: {dataPage}\n',
  'take.mail.textConfirmed':
    'Someone, you we hope, took action with {site} under this address from a browser it was not confirmed in.\n\nTo count that action, open this link in that browser and press the button on the page:\n\n{link}\n\nOnce you do, the action is counted, any letter you wrote is sent in your name, and that browser is remembered, so your next actions from it count at once. The link works for {days} days. If it was not you, ignore this message: nothing is sent in your name, and the action is deleted after {days} days.\n\nTo see or erase what we hold about you, at any time: {dataPage}\n',
  'take.detail.call': 'How did the call go? (optional)',
  'take.detail.post': 'Where did you post? (optional)',
  'take.detail.none': 'I would rather not say',
  'take.detail.answered': 'Someone answered',
  'take.detail.voicemail': 'I left a message',
  'take.detail.refused': 'They refused to listen',
  'take.detail.wrong-number': 'Wrong number',
  'take.detail.x': 'X',
  'take.detail.bluesky': 'Bluesky',
  'take.detail.mastodon': 'Mastodon',
} as const;
