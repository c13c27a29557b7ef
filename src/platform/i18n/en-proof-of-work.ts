/** The sign-up form's proof of work (issue 12): the widget's words and the refusals. */
export const enProofOfWork = {
  'proof.label': 'Check that this browser is not a robot (automatic)',
  'proof.verifying': 'Checking that this browser is not a robot…',
  'proof.verified': 'Checked: this browser is not a robot',
  'proof.error': 'The check failed. You can still send the form.',
  'proof.expired': 'The check expired. Checking again…',
  'proof.invalid':
    'The automatic check of this form had expired or was already used. It has been done again: send the form once more.',
  'proof.throttled':
    'Too many sign-ups from your connection without the automatic check, which needs JavaScript. Try again in an hour, or turn JavaScript on and send the form again: what you typed is kept below.',
} as const;
