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
];
