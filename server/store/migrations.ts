// The server's schema, as forward-only steps: step i brings a database from user_version i to i+1.
// A released step is never edited; a change is a new step at the end.

export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE venues (
     venue_id TEXT PRIMARY KEY,
     settings TEXT NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE TABLE enrol_codes (
     code_hash TEXT PRIMARY KEY,
     venue_id TEXT NOT NULL REFERENCES venues(venue_id),
     role TEXT NOT NULL CHECK (role IN ('desk', 'manager')),
     created_ms INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL,
     used_ms INTEGER,
     used_by TEXT
   );
   CREATE TABLE devices (
     device_id TEXT PRIMARY KEY,
     venue_id TEXT NOT NULL REFERENCES venues(venue_id),
     role TEXT NOT NULL CHECK (role IN ('desk', 'manager')),
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     enrolled_ms INTEGER NOT NULL,
     revoked_ms INTEGER
   );
   CREATE TABLE bundles (
     serial INTEGER PRIMARY KEY,
     envelope TEXT NOT NULL,
     published_ms INTEGER NOT NULL
   );
   CREATE TABLE records (
     id TEXT PRIMARY KEY,
     venue_id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     day INTEGER NOT NULL,
     at TEXT NOT NULL,
     body TEXT NOT NULL,
     UNIQUE (device_id, seq)
   );
   CREATE INDEX records_by_venue_day ON records (venue_id, day, at);`,
  // Records keyed by venue and id, so one venue's upload says nothing about another's ids. SQLite
  // cannot change a primary key in place: every row is copied into the new table, in this same
  // transaction, before the old table (then holding only copies) goes.
  `ALTER TABLE records RENAME TO records_v1;
   DROP INDEX records_by_venue_day;
   CREATE TABLE records (
     venue_id TEXT NOT NULL,
     id TEXT NOT NULL,
     device_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     day INTEGER NOT NULL,
     at TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (venue_id, id),
     UNIQUE (device_id, seq)
   );
   INSERT INTO records (venue_id, id, device_id, seq, day, at, body) SELECT venue_id, id, device_id, seq, day, at, body FROM records_v1;
   DROP TABLE records_v1;
   CREATE INDEX records_by_venue_day ON records (venue_id, day, at, id);
   -- Enrolment attempts as they begin (a success takes its row back), for the rate limits.
   CREATE TABLE enrol_attempts (
     attempt_id INTEGER PRIMARY KEY,
     address TEXT NOT NULL,
     at_ms INTEGER NOT NULL
   );
   CREATE INDEX enrol_attempts_by_time ON enrol_attempts (at_ms);
   CREATE INDEX enrol_attempts_by_address ON enrol_attempts (address, at_ms);
   -- Records each device uploaded per Helsinki day, for the daily cap.
   CREATE TABLE upload_counts (
     device_id TEXT NOT NULL,
     day INTEGER NOT NULL,
     records INTEGER NOT NULL,
     PRIMARY KEY (device_id, day)
   );`,
  // Localities and their coordinators (national.md), and the fields the statistics add up, as
  // columns. Codes and devices now belong to a venue or (coordinators) to a locality; SQLite cannot
  // change a CHECK in place, so both tables are copied into new ones, rows first, as in step 2.
  `CREATE TABLE localities (
     locality_id TEXT PRIMARY KEY,
     name TEXT NOT NULL
   );
   CREATE TABLE locality_venues (
     locality_id TEXT NOT NULL REFERENCES localities(locality_id),
     venue_id TEXT NOT NULL REFERENCES venues(venue_id),
     PRIMARY KEY (locality_id, venue_id)
   );
   ALTER TABLE enrol_codes RENAME TO enrol_codes_v2;
   CREATE TABLE enrol_codes (
     code_hash TEXT PRIMARY KEY,
     venue_id TEXT REFERENCES venues(venue_id),
     locality_id TEXT REFERENCES localities(locality_id),
     role TEXT NOT NULL CHECK (role IN ('desk', 'manager', 'coordinator')),
     created_ms INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL,
     used_ms INTEGER,
     used_by TEXT,
     CHECK ((role = 'coordinator' AND locality_id IS NOT NULL AND venue_id IS NULL) OR (role <> 'coordinator' AND venue_id IS NOT NULL AND locality_id IS NULL))
   );
   INSERT INTO enrol_codes (code_hash, venue_id, role, created_ms, expires_ms, used_ms, used_by)
     SELECT code_hash, venue_id, role, created_ms, expires_ms, used_ms, used_by FROM enrol_codes_v2;
   DROP TABLE enrol_codes_v2;
   ALTER TABLE devices RENAME TO devices_v2;
   CREATE TABLE devices (
     device_id TEXT PRIMARY KEY,
     venue_id TEXT REFERENCES venues(venue_id),
     locality_id TEXT REFERENCES localities(locality_id),
     role TEXT NOT NULL CHECK (role IN ('desk', 'manager', 'coordinator')),
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     enrolled_ms INTEGER NOT NULL,
     revoked_ms INTEGER,
     CHECK ((role = 'coordinator' AND locality_id IS NOT NULL AND venue_id IS NULL) OR (role <> 'coordinator' AND venue_id IS NOT NULL AND locality_id IS NULL))
   );
   INSERT INTO devices (device_id, venue_id, role, name, token_hash, enrolled_ms, revoked_ms)
     SELECT device_id, venue_id, role, name, token_hash, enrolled_ms, revoked_ms FROM devices_v2;
   DROP TABLE devices_v2;
   CREATE INDEX devices_by_venue ON devices (venue_id, device_id);
   ALTER TABLE records ADD COLUMN outcome TEXT;
   ALTER TABLE records ADD COLUMN reason TEXT;
   ALTER TABLE records ADD COLUMN voids TEXT;
   ALTER TABLE records ADD COLUMN card_id TEXT;
   ALTER TABLE records ADD COLUMN adults INTEGER;
   ALTER TABLE records ADD COLUMN children INTEGER;
   ALTER TABLE records ADD COLUMN assistants INTEGER;
   ALTER TABLE records ADD COLUMN category TEXT;
   ALTER TABLE records ADD COLUMN event_type TEXT;
   UPDATE records SET
     outcome = json_extract(body, '$.outcome'), reason = json_extract(body, '$.reason'),
     voids = json_extract(body, '$.voids'), card_id = json_extract(body, '$.cardId'),
     adults = json_extract(body, '$.adults'), children = json_extract(body, '$.children'),
     assistants = json_extract(body, '$.assistants'), category = json_extract(body, '$.category'),
     event_type = json_extract(body, '$.type');
   -- A use is undone by a void of the same venue naming it: the statistics look voids up by this.
   CREATE INDEX records_voids ON records (venue_id, voids) WHERE voids IS NOT NULL;`,
  // Quota shares (docs/limits.md): a record's event as a column, so a pool's records are one index
  // range; each pool's flags (a desk ran dry, the last manual release) and each desk's share.
  `ALTER TABLE records ADD COLUMN event_id TEXT;
   UPDATE records SET event_id = json_extract(body, '$.eventId');
   CREATE INDEX records_by_event ON records (venue_id, event_id);
   CREATE TABLE share_pools (
     venue_id TEXT NOT NULL,
     pool TEXT NOT NULL,
     day INTEGER NOT NULL,
     short_until_ms INTEGER NOT NULL DEFAULT 0,
     short_device TEXT,
     release_device TEXT,
     release_name TEXT,
     release_tickets INTEGER,
     release_ms INTEGER,
     PRIMARY KEY (venue_id, pool)
   );
   CREATE INDEX share_pools_by_day ON share_pools (venue_id, day);
   CREATE TABLE shares (
     venue_id TEXT NOT NULL,
     pool TEXT NOT NULL,
     device_id TEXT NOT NULL,
     ceiling INTEGER NOT NULL,
     rev INTEGER NOT NULL,
     released_rev INTEGER NOT NULL,
     granted INTEGER NOT NULL,
     returned INTEGER NOT NULL,
     released INTEGER NOT NULL,
     seen_ms INTEGER NOT NULL,
     PRIMARY KEY (venue_id, pool, device_id)
   );`,
];
