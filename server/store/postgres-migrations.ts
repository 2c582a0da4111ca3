// The server's schema on PostgreSQL, as forward-only steps numbered as SQLite's (migrations.ts):
// schema N means the same tables on both. No PostgreSQL database was ever at 1 or 2, so its first
// step makes schema 3 at once; every later change is a new step here and in migrations.ts, with
// the same number. A released step is never edited. Text that is sorted or compared is COLLATE
// "C", so ids and times order by code unit, as on SQLite, whatever the database's locale.

export interface PostgresStep {
  /** The schema version the database is at after this step. */
  version: number;
  sql: string;
}

const ROLES = `role TEXT NOT NULL CHECK (role IN ('desk', 'manager', 'coordinator'))`;
const ONE_SCOPE = `CHECK ((role = 'coordinator' AND locality_id IS NOT NULL AND venue_id IS NULL) OR (role <> 'coordinator' AND venue_id IS NOT NULL AND locality_id IS NULL))`;

export const POSTGRES_MIGRATIONS: readonly PostgresStep[] = [
  {
    version: 3,
    sql: `
      CREATE TABLE venues (
        venue_id TEXT COLLATE "C" PRIMARY KEY,
        settings TEXT NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE TABLE localities (
        locality_id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL
      );
      CREATE TABLE locality_venues (
        locality_id TEXT COLLATE "C" NOT NULL REFERENCES localities (locality_id),
        venue_id TEXT COLLATE "C" NOT NULL REFERENCES venues (venue_id),
        PRIMARY KEY (locality_id, venue_id)
      );
      CREATE TABLE enrol_codes (
        code_hash TEXT PRIMARY KEY,
        venue_id TEXT COLLATE "C" REFERENCES venues (venue_id),
        locality_id TEXT COLLATE "C" REFERENCES localities (locality_id),
        ${ROLES},
        created_ms BIGINT NOT NULL,
        expires_ms BIGINT NOT NULL,
        used_ms BIGINT,
        used_by TEXT,
        ${ONE_SCOPE}
      );
      CREATE TABLE devices (
        device_id TEXT COLLATE "C" PRIMARY KEY,
        venue_id TEXT COLLATE "C" REFERENCES venues (venue_id),
        locality_id TEXT COLLATE "C" REFERENCES localities (locality_id),
        ${ROLES},
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_ms BIGINT NOT NULL,
        revoked_ms BIGINT,
        ${ONE_SCOPE}
      );
      CREATE INDEX devices_by_venue ON devices (venue_id, device_id);
      CREATE TABLE bundles (
        serial BIGINT PRIMARY KEY,
        envelope TEXT NOT NULL,
        published_ms BIGINT NOT NULL
      );
      CREATE TABLE records (
        venue_id TEXT COLLATE "C" NOT NULL,
        id TEXT COLLATE "C" NOT NULL,
        device_id TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        day INTEGER NOT NULL,
        at TEXT COLLATE "C" NOT NULL,
        body TEXT NOT NULL,
        outcome TEXT COLLATE "C" NOT NULL,
        reason TEXT COLLATE "C",
        voids TEXT COLLATE "C",
        card_id TEXT COLLATE "C" NOT NULL,
        adults INTEGER NOT NULL,
        children INTEGER NOT NULL,
        assistants INTEGER NOT NULL,
        category TEXT COLLATE "C" NOT NULL,
        event_type TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (venue_id, id),
        UNIQUE (device_id, seq)
      );
      CREATE INDEX records_by_venue_day ON records (venue_id, day, at, id);
      CREATE INDEX records_voids ON records (venue_id, voids) WHERE voids IS NOT NULL;
      CREATE TABLE enrol_attempts (
        attempt_id BIGSERIAL PRIMARY KEY,
        address TEXT NOT NULL,
        at_ms BIGINT NOT NULL
      );
      CREATE INDEX enrol_attempts_by_time ON enrol_attempts (at_ms);
      CREATE INDEX enrol_attempts_by_address ON enrol_attempts (address, at_ms);
      CREATE TABLE upload_counts (
        device_id TEXT NOT NULL,
        day INTEGER NOT NULL,
        records INTEGER NOT NULL,
        PRIMARY KEY (device_id, day)
      );`,
  },
  {
    // Quota shares: as SQLite's step 4.
    version: 4,
    sql: `
      ALTER TABLE records ADD COLUMN event_id TEXT COLLATE "C";
      UPDATE records SET event_id = (body::json)->>'eventId';
      ALTER TABLE records ALTER COLUMN event_id SET NOT NULL;
      CREATE INDEX records_by_event ON records (venue_id, event_id);
      CREATE TABLE share_pools (
        venue_id TEXT COLLATE "C" NOT NULL,
        pool TEXT COLLATE "C" NOT NULL,
        day INTEGER NOT NULL,
        short_until_ms BIGINT NOT NULL DEFAULT 0,
        short_device TEXT COLLATE "C",
        release_device TEXT COLLATE "C",
        release_name TEXT,
        release_tickets INTEGER,
        release_ms BIGINT,
        PRIMARY KEY (venue_id, pool)
      );
      CREATE INDEX share_pools_by_day ON share_pools (venue_id, day);
      CREATE TABLE shares (
        venue_id TEXT COLLATE "C" NOT NULL,
        pool TEXT COLLATE "C" NOT NULL,
        device_id TEXT COLLATE "C" NOT NULL,
        ceiling INTEGER NOT NULL,
        rev INTEGER NOT NULL,
        released_rev INTEGER NOT NULL,
        granted INTEGER NOT NULL,
        returned INTEGER NOT NULL,
        released INTEGER NOT NULL,
        seen_ms BIGINT NOT NULL,
        PRIMARY KEY (venue_id, pool, device_id)
      );`,
  },
];
