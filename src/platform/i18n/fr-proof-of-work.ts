import type { enProofOfWork } from './en-proof-of-work.js';

/** La preuve de travail du formulaire d’abonnement. */
export const frProofOfWork: Record<keyof typeof enProofOfWork, string> = {
  'proof.label': 'Vérifier que ce navigateur n’est pas un robot (automatique)',
  'proof.verifying': 'Vérification que ce navigateur n’est pas un robot…',
  'proof.verified': 'Vérifié : ce navigateur n’est pas un robot',
  'proof.error': 'La vérification a échoué. Vous pouvez quand même envoyer le formulaire.',
  'proof.expired': 'La vérification a expiré. Nouvelle vérification…',
  'proof.invalid':
    'La vérification automatique de ce formulaire avait expiré ou avait déjà servi. Elle a été refaite : envoyez le formulaire encore une fois.',
  'proof.throttled':
    'Trop d’inscriptions depuis votre connexion sans la vérification automatique, qui demande JavaScript. Réessayez dans une heure, ou activez JavaScript et renvoyez le formulaire : ce que vous avez saisi est conservé ci-dessous.',
};
