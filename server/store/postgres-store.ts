// The ServerStore on PostgreSQL (node-postgres), for one service that every venue's desks and the
// coordinators talk to, run as several processes on one database. Nothing that matters lives in a
// process: each guarantee is the database's own, so it holds across processes.
// - exactly once: the records' keys, and INSERT … ON CONFLICT DO NOTHING, which waits for a
//   concurrent insert of the same key to commit or roll back;
// - one-time codes and compare-and-set: a single UPDATE … WHERE that re-checks its condition on
//   the row it locks;
// - the enrolment limits and bundle serials, which read before they write: a transaction-scoped
//   advisory lock, so two processes take turns;
// - a quota pool's shares: the upsert of the pool's row locks it until commit, so turns at one
//   pool run one after the other and each reads what the one before wrote.
// A transaction that PostgreSQL aborts for a deadlock or serialization conflict is run again.

import pg from 'pg';
import type { Locality } from '../../src/core/locality.ts';
import type { PoolKey } from '../../src/core/quota-pools.ts';
import { parsePool } from '../../src/core/quota-pools.ts';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { sameContent } from '../../src/core/record-shape.ts';
import { helsinkiDay, parseIsoTimestamp } from '../../src/core/calendar.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { MIGRATIONS } from './migrations.ts';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts';
import { type DeviceRow, deviceOf } from './device-row.ts';
import { recordColumns } from './record-columns.ts';
import type { PoolDbRow, ShareDbRow } from './share-rows.ts';
import { POOL_FLAG_COLUMNS, SHARE_COLUMNS, SHARE_UPDATE, flagValues, flagsOf, shareOf, shareValues } from './share-rows.ts';
import type { AttemptStart, LocalityWrite, Role, ServerStore, SharePool, ShareTurn, StoreOutcome, StoreStats, UploadAllowance, UsagePage, VenueWrite } from './server-store.ts';
import { StoreOpenError } from './server-store.ts';

// Advisory lock keys (any constants, the same in every process).
const LOCK = { migrate: 7_411_001, attempts: 7_411_002, bundles: 7_411_003 } as const;
const RETRIES = 5;
// Deadlock, serialization failure: the transaction is run again.
const RETRYABLE = new Set(['40P01', '40001']);

// BIGINT (oid 20) columns and count()/sum() come back as text by default; all of ours fit a double.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')),
};

/** The database URL without its password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the --database URL';
  }
}

export interface PostgresOptions {
  /** Migrate an empty database (admin, demo). Otherwise an empty one is refused. */
  create?: boolean;
  /** Connections this process keeps open at most. */
  poolSize?: number;
}

type Client = pg.PoolClient;

async function migrate(client: Client, create: boolean, url: string): Promise<void> {
  await client.query('BEGIN');
  try {
    // Two processes starting together: one migrates, the other waits and finds it done.
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK.migrate]);
    await client.query('CREATE TABLE IF NOT EXISTS kaiku_schema (version INTEGER NOT NULL)');
    const at = ((await client.query<{ version: number }>('SELECT version FROM kaiku_schema')).rows[0]?.version ?? 0);
    if (at > MIGRATIONS.length)
      throw new StoreOpenError(`the database was made by a newer server (schema ${at}, this one knows ${MIGRATIONS.length}): run the newer server`);
    if (at === 0 && !create)
      throw new StoreOpenError(`${shownUrl(url)} holds no Kaiku server database yet: set the first venue up with "kaiku admin venue --database URL VENUE.json"`);
    for (const step of POSTGRES_MIGRATIONS) {
      if (step.version <= at) continue;
      await client.query(step.sql);
      await client.query('DELETE FROM kaiku_schema');
      await client.query('INSERT INTO kaiku_schema (version) VALUES ($1)', [step.version]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * A batch answered `stored` is on disk: every connection's commits wait for the flush, whatever the
 * server's default. Set at connection start (the URL's `options`, kept beside any already there),
 * so no query of the store's own can overtake it.
 */
function withFlushedCommits(url: string): string {
  const u = new URL(url);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=on`);
  return u.toString();
}

/** Opens the store on the database at `url` (postgres://user:password@host:port/db). */
export async function openPostgresStore(url: string, { create = false, poolSize = 10 }: PostgresOptions = {}): Promise<ServerStore> {
  const pool = new pg.Pool({ connectionString: withFlushedCommits(url), max: poolSize, types, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // A connection that breaks while idle must not end the process: the pool makes a new one.
  pool.on('error', (e) => console.error(JSON.stringify({ level: 'warn', msg: 'database connection lost', error: e.message })));
  try {
    const client = await pool.connect();
    try {
      await migrate(client, create, url);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof StoreOpenError) throw e;
    throw new StoreOpenError(`cannot use the database ${shownUrl(url)} (${(e as Error).message}): check --database, and that PostgreSQL is running and lets this user in`);
  }

  async function tx<T>(work: (c: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const value = await work(c);
        await c.query('COMMIT');
        return value;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        if (attempt < RETRIES && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
        throw e;
      } finally {
        c.release();
      }
    }
  }

  async function storeBatch(c: Client, venueId: string, records: readonly RedemptionRecord[]): Promise<StoreOutcome[]> {
    if (records.length === 0) return [];
    const deviceIds = [...new Set(records.map((r) => r.deviceId))];
    const known = new Set((await c.query<{ device_id: string }>('SELECT device_id FROM devices WHERE venue_id = $1 AND device_id = ANY($2)', [venueId, deviceIds])).rows.map((r) => r.device_id));
    const rows = records.map((r, i) => ({ ord: i, r, cols: known.has(r.deviceId) ? recordColumns(venueId, r) : null }));
    const toInsert = rows.filter((x) => x.cols !== null);
    const storedAt = new Set<number>();
    if (toInsert.length) {
      const col = <K extends keyof ReturnType<typeof recordColumns>>(k: K) => toInsert.map((x) => x.cols![k]);
      // In the batch's order, each row once: a row whose id or (device, seq) is taken is left out.
      // The ordinal comes back through the join, so the first of two same-id rows is the stored one.
      const inserted = await c.query<{ ord: number }>(
        `WITH input AS (
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::text[], $7::text[], $8::text[],
                                $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::int[], $15::text[], $16::text[], $18::text[])
             AS t(ord, id, device_id, seq, day, at, body, outcome, reason, voids, card_id, adults, children, assistants, category, event_type, event_id)
         ), ins AS (
           INSERT INTO records (venue_id, id, device_id, seq, day, at, body, outcome, reason, voids, card_id, adults, children, assistants, category, event_type, event_id)
           SELECT $17, id, device_id, seq, day, at, body, outcome, reason, voids, card_id, adults, children, assistants, category, event_type, event_id FROM input ORDER BY ord
           ON CONFLICT DO NOTHING
           RETURNING id, device_id, seq
         )
         SELECT min(input.ord) AS ord FROM ins JOIN input USING (id, device_id, seq) GROUP BY ins.id`,
        [toInsert.map((x) => x.ord), col('id'), col('deviceId'), col('seq'), col('day'), col('at'), col('body'), col('outcome'), col('reason'), col('voids'), col('cardId'), col('adults'), col('children'), col('assistants'), col('category'), col('eventType'), venueId, col('eventId')],
      );
      for (const row of inserted.rows) storedAt.add(row.ord);
    }
    const left = rows.filter((x) => x.cols !== null && !storedAt.has(x.ord));
    const byId = new Map<string, string>();
    const seqTaken = new Set<string>();
    if (left.length) {
      const same = await c.query<{ id: string; body: string }>('SELECT id, body FROM records WHERE venue_id = $1 AND id = ANY($2)', [venueId, left.map((x) => x.r.id)]);
      for (const row of same.rows) byId.set(row.id, row.body);
      const seqs = await c.query<{ device_id: string; seq: number }>(
        'SELECT device_id, seq FROM records WHERE (device_id, seq) IN (SELECT * FROM unnest($1::text[], $2::bigint[]))',
        [left.map((x) => x.r.deviceId), left.map((x) => x.r.seq)],
      );
      for (const row of seqs.rows) seqTaken.add(`${row.device_id} ${row.seq}`);
    }
    return rows.map(({ ord, r, cols }): StoreOutcome => {
      if (cols === null) return 'unknown-device';
      if (storedAt.has(ord)) return 'stored';
      const body = byId.get(r.id);
      if (body !== undefined) return sameContent(JSON.parse(body) as RedemptionRecord, r) ? 'duplicate' : 'conflict-id';
      return seqTaken.has(`${r.deviceId} ${r.seq}`) ? 'conflict-seq' : 'conflict-id';
    });
  }

  /** A pool's records, rows and flags, read in the transaction of `c`. */
  async function readPool(c: Client, venueId: string, pool: PoolKey, flags: PoolDbRow | undefined): Promise<SharePool> {
    const ref = parsePool(pool);
    // Declines count for nothing: a pool reads its uses and the voids that may undo them.
    const bodies = !ref
      ? []
      : (
          await c.query<{ body: string }>(
            ref.kind === 'event'
              ? "SELECT body FROM records WHERE venue_id = $1 AND event_id = $2 AND outcome <> 'declined'"
              : "SELECT body FROM records WHERE venue_id = $1 AND day = $2 AND outcome <> 'declined'",
            [venueId, ref.kind === 'event' ? ref.eventId : ref.day],
          )
        ).rows;
    const rows = (await c.query<ShareDbRow>('SELECT * FROM shares WHERE venue_id = $1 AND pool = $2 ORDER BY device_id', [venueId, pool])).rows;
    return { records: bodies.map((b) => JSON.parse(b.body) as RedemptionRecord), rows: rows.map(shareOf), flags: flagsOf(flags) };
  }

  const one = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T | undefined> => (await pool.query<T>(sql, params)).rows[0];

  const store: ServerStore = {
    kind: 'postgres',
    async ping() {
      await pool.query('SELECT 1');
    },
    async saveVenue(settings) {
      const row = await one<{ version: number }>(
        'INSERT INTO venues (venue_id, settings, version) VALUES ($1, $2, 1) ON CONFLICT (venue_id) DO UPDATE SET settings = excluded.settings, version = venues.version + 1 RETURNING version',
        [settings.venueId, JSON.stringify(settings)],
      );
      return row!.version;
    },
    async replaceVenue(settings, ifVersion): Promise<VenueWrite> {
      const changed = await one<{ version: number }>('UPDATE venues SET settings = $1, version = version + 1 WHERE venue_id = $2 AND version = $3 RETURNING version', [
        JSON.stringify(settings),
        settings.venueId,
        ifVersion,
      ]);
      if (changed) return { ok: true, version: changed.version };
      return { ok: false, version: (await one<{ version: number }>('SELECT version FROM venues WHERE venue_id = $1', [settings.venueId]))?.version ?? null };
    },
    async venue(venueId) {
      const row = await one<{ settings: string; version: number }>('SELECT settings, version FROM venues WHERE venue_id = $1', [venueId]);
      return row ? { settings: JSON.parse(row.settings) as VenueSettings, version: row.version } : null;
    },
    async addEnrolCode(row) {
      await pool.query('INSERT INTO enrol_codes (code_hash, venue_id, locality_id, role, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5, $6)', [
        row.codeHash,
        row.venueId,
        row.localityId,
        row.role,
        row.createdAtMs,
        row.expiresAtMs,
      ]);
    },
    async claimEnrolCode(codeHash, nowMs, d) {
      return tx(async (c) => {
        // The UPDATE locks the code's row and checks it again once it has it: of two processes
        // claiming one code at once, the second finds it used.
        const code = (
          await c.query<{ venue_id: string | null; locality_id: string | null; role: Role }>(
            'UPDATE enrol_codes SET used_ms = $1, used_by = $2 WHERE code_hash = $3 AND used_ms IS NULL AND expires_ms > $1 RETURNING venue_id, locality_id, role',
            [nowMs, d.deviceId, codeHash],
          )
        ).rows[0];
        if (!code) return null;
        await c.query('INSERT INTO devices (device_id, venue_id, locality_id, role, name, token_hash, enrolled_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          d.deviceId,
          code.venue_id,
          code.locality_id,
          code.role,
          d.name,
          d.tokenHash,
          d.enrolledAtMs,
        ]);
        return { deviceId: d.deviceId, venueId: code.venue_id, localityId: code.locality_id, role: code.role, name: d.name, enrolledAtMs: d.enrolledAtMs, revoked: false };
      });
    },
    async beginEnrolAttempt(address, nowMs, { perAddress, total, windowMs }): Promise<AttemptStart> {
      return tx(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK.attempts]);
        const from = nowMs - windowMs;
        await c.query('DELETE FROM enrol_attempts WHERE at_ms <= $1', [from]);
        // The at_ms of the n-th newest attempt in the window: the one whose ageing out frees a turn.
        const nth = async (sql: string, params: unknown[]) => (await c.query<{ at_ms: number }>(sql, params)).rows[0];
        const blocking = [
          await nth('SELECT at_ms FROM enrol_attempts WHERE address = $1 AND at_ms > $2 ORDER BY at_ms DESC LIMIT 1 OFFSET $3', [address, from, perAddress - 1]),
          await nth('SELECT at_ms FROM enrol_attempts WHERE at_ms > $1 ORDER BY at_ms DESC LIMIT 1 OFFSET $2', [from, total - 1]),
        ].filter((row) => row !== undefined);
        if (blocking.length) return { ok: false, waitMs: Math.max(1, ...blocking.map((row) => row.at_ms + windowMs - nowMs)) };
        const added = await c.query<{ attempt_id: number }>('INSERT INTO enrol_attempts (address, at_ms) VALUES ($1, $2) RETURNING attempt_id', [address, nowMs]);
        return { ok: true, attemptId: added.rows[0]!.attempt_id };
      });
    },
    async forgetEnrolAttempt(attemptId) {
      await pool.query('DELETE FROM enrol_attempts WHERE attempt_id = $1', [attemptId]);
    },
    async deviceByTokenHash(tokenHash) {
      const row = await one<DeviceRow>('SELECT * FROM devices WHERE token_hash = $1', [tokenHash]);
      return row ? deviceOf(row) : null;
    },
    async devices() {
      return (await pool.query<DeviceRow>('SELECT * FROM devices ORDER BY enrolled_ms, device_id')).rows.map(deviceOf);
    },
    async revokeDevice(deviceId, nowMs) {
      const r = await pool.query('UPDATE devices SET revoked_ms = coalesce(revoked_ms, $1) WHERE device_id = $2', [nowMs, deviceId]);
      return (r.rowCount ?? 0) > 0;
    },
    async currentBundle() {
      return (await one<{ serial: number; envelope: string }>('SELECT serial, envelope FROM bundles ORDER BY serial DESC LIMIT 1', [])) ?? null;
    },
    async publishBundle(bundle, nowMs) {
      return tx(async (c) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK.bundles]);
        const current = (await c.query<{ serial: number }>('SELECT max(serial) AS serial FROM bundles')).rows[0]?.serial ?? null;
        if (current !== null && bundle.serial <= current) return false;
        await c.query('INSERT INTO bundles (serial, envelope, published_ms) VALUES ($1, $2, $3)', [bundle.serial, bundle.envelope, nowMs]);
        return true;
      });
    },
    async storeRecords(venueId, records) {
      return tx((c) => storeBatch(c, venueId, records));
    },
    async storeUpload(venueId, records, { deviceId, day, max }: UploadAllowance) {
      if (records.length > max) return null;
      return tx(async (c) => {
        // The count's row is locked by this upsert until commit: a device's uploads on two
        // processes take turns here, so both cannot pass the cap. No row back: over the cap.
        const counted = await c.query(
          `INSERT INTO upload_counts (device_id, day, records) VALUES ($1, $2, $3)
           ON CONFLICT (device_id, day) DO UPDATE SET records = upload_counts.records + excluded.records
           WHERE upload_counts.records + excluded.records <= $4
           RETURNING records`,
          [deviceId, day, records.length, max],
        );
        if (counted.rowCount === 0) return null;
        // Yesterday's count is kept (a clock near midnight); older ones are of no use.
        await c.query('DELETE FROM upload_counts WHERE device_id = $1 AND day < $2', [deviceId, day - 1]);
        return storeBatch(c, venueId, records);
      });
    },
    async usage(venueId, sinceDay, after, limit): Promise<UsagePage> {
      const afterDay = after ? helsinkiDay(parseIsoTimestamp(after.at) ?? 0) : -1;
      const cursor = after && afterDay >= sinceDay ? [afterDay, after.at, after.id] : [sinceDay, '', ''];
      const rows = (
        await pool.query<{ at: string; id: string; body: string }>(
          'SELECT at, id, body FROM records WHERE venue_id = $1 AND (day, at, id) > ($2, $3, $4) ORDER BY day, at, id LIMIT $5',
          [venueId, ...cursor, limit + 1],
        )
      ).rows;
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { records: page.map((row) => row.body), next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
    },
    async shareTurn<T>(venueId: string, pool: PoolKey, day: number, decide: (p: SharePool) => ShareTurn<T>): Promise<T> {
      return tx(async (c) => {
        // The upsert locks the pool's row until commit: another turn at this pool, on any process,
        // waits here and then reads what this one wrote.
        const flags = (
          await c.query<PoolDbRow>(
            `INSERT INTO share_pools (venue_id, pool, day) VALUES ($1, $2, $3) ON CONFLICT (venue_id, pool) DO UPDATE SET day = excluded.day RETURNING ${POOL_FLAG_COLUMNS}`,
            [venueId, pool, day],
          )
        ).rows[0];
        const turn = decide(await readPool(c, venueId, pool, flags));
        for (const row of turn.rows)
          await c.query(`INSERT INTO shares (${SHARE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (venue_id, pool, device_id) DO UPDATE SET ${SHARE_UPDATE}`, shareValues(venueId, pool, row));
        if (turn.flags)
          await c.query('UPDATE share_pools SET short_until_ms = $1, short_device = $2, release_device = $3, release_name = $4, release_tickets = $5, release_ms = $6 WHERE venue_id = $7 AND pool = $8', [
            ...flagValues(turn.flags),
            venueId,
            pool,
          ]);
        return turn.result;
      });
    },
    async sharePools(venueId, sinceDay) {
      return tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const pools = (await c.query<{ pool: string; day: number } & PoolDbRow>(`SELECT pool, day, ${POOL_FLAG_COLUMNS} FROM share_pools WHERE venue_id = $1 AND day >= $2 ORDER BY day, pool`, [venueId, sinceDay])).rows;
        const listed = [];
        for (const p of pools) listed.push({ pool: p.pool, day: p.day, state: await readPool(c, venueId, p.pool, p) });
        return listed;
      });
    },
    async saveLocality(l: Locality): Promise<LocalityWrite> {
      return tx(async (c) => {
        const found = new Set((await c.query<{ venue_id: string }>('SELECT venue_id FROM venues WHERE venue_id = ANY($1)', [l.venues])).rows.map((r) => r.venue_id));
        const unknownVenue = l.venues.find((v) => !found.has(v));
        if (unknownVenue !== undefined) return { ok: false, unknownVenue };
        await c.query('INSERT INTO localities (locality_id, name) VALUES ($1, $2) ON CONFLICT (locality_id) DO UPDATE SET name = excluded.name', [l.localityId, l.name]);
        await c.query('DELETE FROM locality_venues WHERE locality_id = $1', [l.localityId]);
        await c.query('INSERT INTO locality_venues (locality_id, venue_id) SELECT $1, unnest($2::text[])', [l.localityId, l.venues]);
        return { ok: true };
      });
    },
    async locality(localityId) {
      const row = await one<{ name: string }>('SELECT name FROM localities WHERE locality_id = $1', [localityId]);
      if (!row) return null;
      const venues = (await pool.query<{ venue_id: string }>('SELECT venue_id FROM locality_venues WHERE locality_id = $1 ORDER BY venue_id', [localityId])).rows.map((r) => r.venue_id);
      return { localityId, name: row.name, venues };
    },
    async stats(venueIds, fromDay, toDay): Promise<StoreStats> {
      // The day number is days since 1970-01-01 of the Helsinki date: that date's month is the
      // Helsinki month. REPEATABLE READ: the rows and the declines are of one moment.
      return tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const rows = await c.query<StoreStats['rows'][number]>(
          `SELECT r.venue_id AS "venueId", to_char(date '1970-01-01' + r.day, 'YYYY-MM') AS month, r.category, r.event_type AS type,
                  count(*) AS uses, sum(r.adults) AS adults, sum(r.children) AS children, sum(r.assistants) AS assistants, count(DISTINCT r.card_id) AS cards
             FROM records r
            WHERE r.venue_id = ANY($1) AND r.day BETWEEN $2 AND $3 AND r.outcome = 'redeemed'
              AND NOT EXISTS (SELECT 1 FROM records v WHERE v.venue_id = r.venue_id AND v.voids = r.id AND v.outcome = 'void')
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4`,
          [venueIds, fromDay, toDay],
        );
        const declined = await c.query<StoreStats['declined'][number]>(
          `SELECT venue_id AS "venueId", to_char(date '1970-01-01' + day, 'YYYY-MM') AS month, reason, count(*) AS count
             FROM records
            WHERE venue_id = ANY($1) AND day BETWEEN $2 AND $3 AND outcome = 'declined'
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3`,
          [venueIds, fromDay, toDay],
        );
        return { rows: rows.rows, declined: declined.rows };
      });
    },
    async close() {
      await pool.end();
    },
  };
  return store;
}
