import { declareAccess } from '../accounts/index.js';

/**
 * Who may see supporters (administrators hold every permission). Campaigners run the urgent
 * actions supporters answer; authors and editors have no need to see who subscribed.
 */
export const subscriptionsAccess = declareAccess({
  permissions: {
    'subscriber.view': ['campaigner'],
    // Stopping mail to an address by hand is for administrators alone (they hold every permission).
    'subscriber.suppress': [],
    // Adding people by the thousand from a file, on a consent given elsewhere: administrators alone.
    'subscriber.import': [],
  },
  menu: [
    {
      href: '/admin/subscribers',
      key: 'admin.nav.subscribers',
      permission: 'subscriber.view',
      order: 39,
    },
    {
      href: '/admin/subscribers/consent',
      key: 'admin.nav.consent',
      permission: 'subscriber.view',
      order: 40,
    },
    {
      href: '/admin/subscribers/alerts',
      key: 'admin.nav.deliveries',
      permission: 'subscriber.view',
      order: 41,
    },
    {
      href: '/admin/subscribers/network',
      key: 'admin.nav.networkSends',
      permission: 'subscriber.view',
      order: 41.5,
    },
    {
      href: '/admin/subscribers/suppressions',
      key: 'admin.nav.suppressions',
      permission: 'subscriber.view',
      order: 42,
    },
  ],
});
