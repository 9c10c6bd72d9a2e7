/**
 * npm run bench:auth — what staff sign-in costs with the pinned argon2id
 * parameters (sign-ins per second on one core, one at a time, and their p99),
 * and what the session check every staff request and socket pays (µs). Prints
 * JSON and writes it to bench/results/auth.json.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaffIdentity } from '../server/identity/staff-identity.js';
import { ARGON2_PARAMETERS, hashPassword } from '../server/identity/passwords.js';
import { passwordProblem } from '../server/identity/policy/password-policy.js';
import { UserStore } from '../server/identity/user-store.js';
import { openDatabase } from '../server/platform/database/database.js';
import type { Schema } from '../server/platform/database/schema.js';
import { sqliteKysely } from '../server/platform/database/sqlite-kysely.js';
import { quantile, round } from './stats.js';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 40);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 20_000);
const SESSIONS = 1_000;
const PASSWORD = 'violet-kettle-harbour-47';
const here = path.dirname(fileURLToPath(import.meta.url));

const summary = (samples: number[], scale: number) => ({
  p50: round(quantile(samples, 0.5) * scale),
  p99: round(quantile(samples, 0.99) * scale),
  max: round(Math.max(...samples) * scale),
});

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-bench-auth-'));
  const sqlite = openDatabase(path.join(dir, 'bench.db'));
  const db = sqliteKysely<Schema>(sqlite);
  const users = new UserStore(db);
  const identity = createStaffIdentity({
    db,
    config: {
      env: 'production',
      // Never the limit here: every sign-in is measured.
      loginAttemptsPerMinute: 1000,
      lockAfterFailedLogins: 1_000_000,
      sessionTtlMs: 12 * 3_600_000,
      sessionIdleMs: 30 * 60_000,
    },
    users,
    sessionKey: crypto.randomBytes(32),
    clock: Date.now,
  });
  const userId = crypto.randomUUID();
  await users.insert(
    {
      id: userId,
      username: 'bench',
      displayName: 'Bench',
      role: 'teller',
      passwordHash: await hashPassword(PASSWORD),
    },
    Date.now(),
  );

  // Sign-ins one after another: argon2 with one lane keeps one core busy.
  const signIns: number[] = [];
  const started = performance.now();
  for (let i = 0; i < SIGN_INS; i++) {
    const t0 = performance.now();
    await identity.staffAuth.login('bench', PASSWORD, `10.0.${i >> 8}.${i & 255}`);
    signIns.push(performance.now() - t0);
  }
  const signInSeconds = (performance.now() - started) / 1000;

  // The check behind every staff request: HMAC of the id, one indexed row, the account's state.
  const ids = await Promise.all(
    Array.from({ length: SESSIONS }, () => identity.sessions.open(userId, 'signed_in')),
  );
  const checks: number[] = [];
  for (let i = 0; i < CHECKS; i++) {
    const t0 = performance.now();
    await identity.staffAuth.authenticate(ids[i % SESSIONS], true);
    checks.push(performance.now() - t0);
  }

  const policy: number[] = [];
  for (const candidate of ['password1234', PASSWORD, 'n7#Vq2!pLx9@wR', 'Skyteller-Counter-2026']) {
    const t0 = performance.now();
    passwordProblem(candidate, ['bench', 'Bench']);
    policy.push(performance.now() - t0);
  }

  const result = {
    argon2id: {
      memoryKiB: ARGON2_PARAMETERS.memoryCost,
      timeCost: ARGON2_PARAMETERS.timeCost,
      parallelism: ARGON2_PARAMETERS.parallelism,
    },
    signIn: { runs: SIGN_INS, perSecondOneCore: round(SIGN_INS / signInSeconds, 1), ms: summary(signIns, 1) },
    sessionCheck: { runs: CHECKS, sessions: SESSIONS, us: summary(checks, 1000) },
    passwordPolicyMs: { first: round(policy[0]!, 1), following: summary(policy.slice(1), 1) },
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(here, 'results'), { recursive: true });
  fs.writeFileSync(path.join(here, 'results', 'auth.json'), JSON.stringify(result, null, 2) + '\n');
}

await main();
