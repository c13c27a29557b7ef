/** Urgent actions' channels: sample letters, the printable letter, posts and calls (issue 13). */
export const enActionChannels = {
  'uaAdmin.goal': 'Goal',
  'uaAdmin.goalHint': 'Actions aimed at, all channels together. 0 shows no goal.',
  'uaAdmin.hourlyCap': 'Letters a target is emailed an hour, at most',
  'uaAdmin.hourlyCapHint':
    'Officials are written to, not flooded: letters over this wait for the next hour; none is dropped.',
  'uaAdmin.letters': 'Sample letters',
  'uaAdmin.lettersHint':
    'One per language. Supporters are offered the letter in each target’s language, with the others as translations beside it. Write the letter between the salutation (taken from the target) and the supporter’s name, closing included (“Atentamente,”). Leave a blank line between paragraphs.',
  'uaAdmin.letterLanguage': 'Language of letter {n}',
  'uaAdmin.letterLanguageHint': 'A language code, such as es or en.',
  'uaAdmin.letterSubject': 'Subject of letter {n}',
  'uaAdmin.letterBody': 'Text of letter {n}',
  'uaAdmin.letterRemove': 'Remove the {language} letter',
  'uaAdmin.letterAdd': 'To add a language, fill in the empty letter; save to get another.',
  'uaAdmin.error.goal': 'Write a whole number from 0 to 10,000,000.',
  'uaAdmin.error.hourlyCap': 'Write a whole number from 1 to 10,000.',
  'uaAdmin.error.letters':
    'Each letter needs a language code (such as es), a subject of at most 200 characters and a text of at most 10,000; a language once.',

  'channels.heading': 'Take action',
  'channels.errors': 'There is a problem',
  'channels.intro': 'Choose one way or several: each reaches the officials as real, polite correspondence.',
  'channels.closed': 'This urgent action is no longer open, so it asks for no more letters, posts or calls.',

  'letter.heading': 'Print and post a letter',
  'letter.intro':
    'Get the letter as a PDF, addressed and dated, in the official’s language, signed with your name. Nothing you type here is kept.',
  'letter.target': 'Who to write to',
  'letter.name': 'Your name',
  'letter.city': 'Your city (optional)',
  'letter.country': 'Your country (optional)',
  'letter.submit': 'Get the letter (PDF)',
  'letter.sampleHeading': 'The letter, in {language}',
  'letter.translationHeading': 'Translation, in {language}',
  'letter.pdfTitle': 'Letter',
  'letter.referenceNote': 'Urgent action {reference}.',
  'letter.postage.from': 'Canada',
  'letter.postage.domestic':
    'Postage hint: a standard letter (up to 30 g) within {from} costs about {amount}. Check at your post office.',
  'letter.postage.usa':
    'Postage hint: a standard letter (up to 30 g) to the United States costs about {amount} from {from}. Check at your post office.',
  'letter.postage.international':
    'Postage hint: an international letter (up to 30 g) costs about {amount} from {from}. Check at your post office.',
  'letter.error.name': 'Write your name, as you sign letters (at most 100 characters).',
  'letter.error.place': 'At most 100 characters, on one line.',
  'letter.error.target': 'Choose who to write to.',
  'letter.errorTitle': 'The letter could not be made',
  'letter.unknownTitle': 'No such letter',
  'letter.unknown':
    'This urgent action has no official with that postal address, or no sample letter yet. Go back to the urgent action and choose again.',
  'letter.closedTitle': 'This urgent action is closed',
  'letter.closed':
    'This urgent action is no longer open, so it asks for no more letters. Its page says what happened since.',
  'letter.back': 'Back to the urgent action',
  'letter.tooManyTitle': 'Too many letters at once',
  'letter.tooMany':
    'This connection has printed many letters in the last minutes. Please try again in ten minutes.',

  'post.heading': 'Post on social media',
  'post.intro':
    'Each link opens the network’s own page with the text written for you; you can change it before posting. Nothing of theirs loads on this page.',
  'post.message': 'Please act for {people}{reference}: {ask}',
  'post.messageNoAsk': 'Please act for {people}{reference}.',
  'post.referenceSuffix': ' ({reference})',
  'post.textLabel': 'The text',
  'post.x': 'Post on X',
  'post.bluesky': 'Post on Bluesky',
  'post.newTab': '(opens in a new tab)',
  'post.mastodon': 'Your Mastodon server',
  'post.mastodonHint': 'Its name, such as mastodon.social.',
  'post.mastodonSubmit': 'Post on Mastodon',
  'post.error.instance': 'Write the name of a Mastodon server, such as mastodon.social.',
  'post.errorTitle': 'That Mastodon server name does not work',
  'post.onwardTitle': 'On to {instance}',
  'post.onward':
    'Your browser is opening {instance} with the text written for you. If it does not, follow the link.',
  'post.onwardLink': 'Post on {instance}',

  'call.heading': 'Call the office',
  'call.intro': 'A short, polite call during office hours is enough. What to say:',
  'call.number': 'Call {name}:',
  'call.hoursTarget': 'Office hours, their time ({zone})',
  'call.hoursUtc': 'The same hours in UTC',
  'call.hoursYours': 'The same hours in your time ({zone})',
  'call.hoursNone': 'Their office hours are not known: call on a weekday morning, their time ({zone}).',
  'call.script.greeting':
    'Good morning, {addressed}. My name is [your name] and I am calling from [your city].',
  'call.script.about': 'I am calling about {people}.',
  'call.script.aboutNumbered': 'I am calling about {people}, urgent action {reference}.',
  'call.script.asks': 'I respectfully ask that you:',
  'call.script.closing': 'Thank you for your time.',
  'call.script.voicemail':
    'If you reach a voicemail: say your name, that you are calling about {people}, and the first request.',
  'call.script.theirCase': 'the people at risk',
} as const;
