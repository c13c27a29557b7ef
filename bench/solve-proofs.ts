// Solves proof-of-work challenges ahead of a load test, as the browsers of that many supporters
// would have before pressing Send: challenges made with the site's own keys (the secret Candle
// keeps in site_secrets) at PROOF_OF_WORK_STEPS, each solved, one base64 `altcha` field a line.
// Usage: npx tsx bench/solve-proofs.ts <secret> <steps> <count> <out-file>
import fs from 'node:fs';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { newChallenge, proofKeys } from '../src/platform/http/proof-of-work.js';

const [secret, steps, count, out] = process.argv.slice(2) as [string, string, string, string];
const keys = proofKeys(secret);
const lines: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const challenge = await newChallenge(keys, new Date(), Number(steps));
  const solution = await solveChallenge({ challenge, deriveKey });
  lines.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
}
fs.writeFileSync(out, `${lines.join('\n')}\n`);
