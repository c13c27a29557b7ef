type Timestamp = string;

/** A proof of work already used, kept until it expires (migration 023). */
export interface ProofSpentTable {
  challenge_id: string;
  expires_at: Timestamp;
}

export const SIGNUP_KINDS = ['solved', 'unsolved'] as const;
/** A sign-up that came with a valid proof of work (`solved`), or without one. */
export type SignupKind = (typeof SIGNUP_KINDS)[number];

/** Sign-ups from one client address (a keyed hash of it) in one fixed hour (migration 023). */
export interface SignupCountTable {
  client_hash: string;
  kind: SignupKind;
  window_start: Timestamp;
  count: number;
}

export interface ProofOfWorkTables {
  proofs_spent: ProofSpentTable;
  signup_counts: SignupCountTable;
}
