/**
 * Versioned schema migrations, applied in order at start. Never edit a shipped step:
 * add a new one. Each runs in its own transaction with its version row.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'events, positions, cameras, stats',
    sql: `
      CREATE TABLE events (
        seq           BIGINT NOT NULL,      -- seq of the latest change of this event
        created_seq   BIGINT NOT NULL,
        id            VARCHAR NOT NULL,     -- gateway id
        source        VARCHAR NOT NULL,
        source_id     VARCHAR NOT NULL,
        category      VARCHAR NOT NULL,
        status        VARCHAR NOT NULL,
        urgency       VARCHAR NOT NULL,
        lon           DOUBLE NOT NULL,
        lat           DOUBLE NOT NULL,
        district_code VARCHAR NOT NULL,
        street_code   VARCHAR NOT NULL,
        grid_code     VARCHAR,
        occurred_at   TIMESTAMPTZ NOT NULL,
        received_at   TIMESTAMPTZ NOT NULL,
        updated_at    TIMESTAMPTZ NOT NULL,
        deadline      TIMESTAMPTZ,
        title         VARCHAR NOT NULL,
        description   VARCHAR,
        reporter_kind VARCHAR NOT NULL,
        reporter_id   VARCHAR NOT NULL,
        media         VARCHAR               -- JSON array of URLs
      );
      CREATE TABLE positions (
        seq        BIGINT NOT NULL,
        source     VARCHAR NOT NULL,
        worker_id  VARCHAR NOT NULL,
        ts         TIMESTAMPTZ NOT NULL,
        lon        DOUBLE NOT NULL,
        lat        DOUBLE NOT NULL,
        grid_code  VARCHAR,
        area_code  VARCHAR NOT NULL         -- the narrowest area the point was placed in
      );
      CREATE TABLE cameras (
        seq        BIGINT NOT NULL,
        source     VARCHAR NOT NULL,
        id         VARCHAR NOT NULL,
        name       VARCHAR NOT NULL,
        lon        DOUBLE NOT NULL,
        lat        DOUBLE NOT NULL,
        grid_code  VARCHAR,
        area_code  VARCHAR NOT NULL,
        hls_url    VARCHAR NOT NULL,
        status     VARCHAR NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE stats (
        seq        BIGINT NOT NULL,
        source     VARCHAR NOT NULL,
        key        VARCHAR NOT NULL,
        area_code  VARCHAR NOT NULL,
        ts         TIMESTAMPTZ NOT NULL,
        value      DOUBLE NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'users, source keys, revoked sessions, audit log',
    sql: `
      CREATE TABLE users (
        username      VARCHAR PRIMARY KEY,
        password_hash VARCHAR NOT NULL,     -- argon2id
        role          VARCHAR NOT NULL,
        scope         VARCHAR NOT NULL,
        disabled      BOOLEAN NOT NULL DEFAULT false,
        demo          BOOLEAN NOT NULL DEFAULT false,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE source_keys (
        name        VARCHAR PRIMARY KEY,    -- stored with what the source sends
        key_hash    VARCHAR NOT NULL UNIQUE, -- sha256 of the key: keys are 256-bit random, so a fast hash suffices
        scope       VARCHAR NOT NULL,
        rate_per_s  INTEGER NOT NULL,
        disabled    BOOLEAN NOT NULL DEFAULT false,
        demo        BOOLEAN NOT NULL DEFAULT false,
        created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE revoked_sessions (
        jti        VARCHAR PRIMARY KEY,
        expires_at TIMESTAMPTZ NOT NULL
      );
      CREATE SEQUENCE audit_id;
      CREATE TABLE audit_log (
        id       BIGINT PRIMARY KEY DEFAULT nextval('audit_id'),
        at_time  TIMESTAMPTZ NOT NULL DEFAULT now(),
        actor    VARCHAR NOT NULL,          -- a username, a source name, or 'admin-cli'
        role     VARCHAR,
        scope    VARCHAR,
        action   VARCHAR NOT NULL,          -- login, login_failed, logout, dispatch, layout_publish, user_add, ...
        target   VARCHAR,
        detail   VARCHAR,                   -- JSON
        ip       VARCHAR
      );
    `,
  },
  {
    version: 3,
    name: 'case workflow: case columns on events, transitions, alerts',
    sql: `
      -- The case as the workflow keeps it (JSON of domain CaseState) and the facts KPIs read.
      ALTER TABLE events ADD COLUMN case_state VARCHAR;
      ALTER TABLE events ADD COLUMN assignee VARCHAR;
      ALTER TABLE events ADD COLUMN department VARCHAR;
      ALTER TABLE events ADD COLUMN valid BOOLEAN;
      ALTER TABLE events ADD COLUMN filed_at TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN filed_on_time BOOLEAN;
      ALTER TABLE events ADD COLUMN dispatched_at TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN dispatched_on_time BOOLEAN;
      ALTER TABLE events ADD COLUMN returned BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN handled_at TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN handle_deadline TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN handled_on_time BOOLEAN;
      ALTER TABLE events ADD COLUMN closed_at TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN close_deadline TIMESTAMPTZ;
      ALTER TABLE events ADD COLUMN closed_on_time BOOLEAN;
      ALTER TABLE events ADD COLUMN suspended_ever BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN reworked BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN suspended BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN supervised BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN escalated BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN backlog BOOLEAN DEFAULT false;
      ALTER TABLE events ADD COLUMN escalated_to VARCHAR;
      -- Append-only audit of every transition: the current case replays from it.
      CREATE TABLE event_transitions (
        seq         BIGINT NOT NULL,
        event_id    VARCHAR NOT NULL,
        at_time     TIMESTAMPTZ NOT NULL,
        actor       VARCHAR NOT NULL,
        actor_kind  VARCHAR NOT NULL,       -- duty | leader | system | source
        role        VARCHAR,                -- a source's role: inspector | department
        action      VARCHAR NOT NULL,
        from_status VARCHAR NOT NULL,
        to_status   VARCHAR NOT NULL,
        note        VARCHAR,
        assignee    VARCHAR,
        detail      VARCHAR                 -- JSON: attachments, flags changed
      );
      CREATE TABLE alerts (
        id          VARCHAR PRIMARY KEY,
        seq         BIGINT NOT NULL,
        raised_at   TIMESTAMPTZ NOT NULL,
        kind        VARCHAR NOT NULL,       -- overdue | threshold | surge
        rule        VARCHAR,
        scope       VARCHAR NOT NULL,       -- the area whose screens see it
        area_code   VARCHAR NOT NULL,
        category    VARCHAR,
        event_id    VARCHAR,
        value       DOUBLE,
        baseline    DOUBLE,
        message     VARCHAR NOT NULL,
        acked_by    VARCHAR,
        acked_at    TIMESTAMPTZ
      );
    `,
  },
  {
    version: 4,
    name: 'KPI rollups: daily and monthly counters per street and department, open cases per grid',
    sql: `
      -- Sums of every case's contribution (db/kpi-queries.ts): each counter counts cases on the
      -- local (UTC+8) day of one of their dates. Kept in step by withRollupDelta; rebuildRollups
      -- refills the three tables from the events.
      CREATE TABLE kpi_daily (
        day           INTEGER NOT NULL,     -- days since 1970-01-01, local time
        district_code VARCHAR NOT NULL,
        street_code   VARCHAR NOT NULL,     -- '' for a case placed at district level only
        department    VARCHAR NOT NULL,     -- '' while not dispatched
        reported      INTEGER NOT NULL DEFAULT 0,
        rep_decided   INTEGER NOT NULL DEFAULT 0,
        rep_valid     INTEGER NOT NULL DEFAULT 0,
        filed         INTEGER NOT NULL DEFAULT 0,
        filed_ot      INTEGER NOT NULL DEFAULT 0,
        disp          INTEGER NOT NULL DEFAULT 0,
        disp_ot       INTEGER NOT NULL DEFAULT 0,
        disp_ok       INTEGER NOT NULL DEFAULT 0,
        handled       INTEGER NOT NULL DEFAULT 0,
        handled_ot    INTEGER NOT NULL DEFAULT 0,
        hdl_open      INTEGER NOT NULL DEFAULT 0,
        closed        INTEGER NOT NULL DEFAULT 0,
        closed_ot     INTEGER NOT NULL DEFAULT 0,
        closed_late   INTEGER NOT NULL DEFAULT 0,
        closed_ns     INTEGER NOT NULL DEFAULT 0,
        closed_ot_ns  INTEGER NOT NULL DEFAULT 0,
        closed_rw     INTEGER NOT NULL DEFAULT 0,
        cdl_open      INTEGER NOT NULL DEFAULT 0,
        cdl_open_ns   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, district_code, street_code, department)
      );
      -- The same counters summed per local month: a year reads 12 months instead of 365 days.
      CREATE TABLE kpi_monthly (
        month         INTEGER NOT NULL,     -- months since 1970-01, local time
        district_code VARCHAR NOT NULL,
        street_code   VARCHAR NOT NULL,     -- '' for a case placed at district level only
        department    VARCHAR NOT NULL,     -- '' while not dispatched
        reported      INTEGER NOT NULL DEFAULT 0,
        rep_decided   INTEGER NOT NULL DEFAULT 0,
        rep_valid     INTEGER NOT NULL DEFAULT 0,
        filed         INTEGER NOT NULL DEFAULT 0,
        filed_ot      INTEGER NOT NULL DEFAULT 0,
        disp          INTEGER NOT NULL DEFAULT 0,
        disp_ot       INTEGER NOT NULL DEFAULT 0,
        disp_ok       INTEGER NOT NULL DEFAULT 0,
        handled       INTEGER NOT NULL DEFAULT 0,
        handled_ot    INTEGER NOT NULL DEFAULT 0,
        hdl_open      INTEGER NOT NULL DEFAULT 0,
        closed        INTEGER NOT NULL DEFAULT 0,
        closed_ot     INTEGER NOT NULL DEFAULT 0,
        closed_late   INTEGER NOT NULL DEFAULT 0,
        closed_ns     INTEGER NOT NULL DEFAULT 0,
        closed_ot_ns  INTEGER NOT NULL DEFAULT 0,
        closed_rw     INTEGER NOT NULL DEFAULT 0,
        cdl_open      INTEGER NOT NULL DEFAULT 0,
        cdl_open_ns   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (month, district_code, street_code, department)
      );
      CREATE TABLE kpi_open (
        district_code VARCHAR NOT NULL,
        street_code   VARCHAR NOT NULL,
        grid_code     VARCHAR NOT NULL,     -- '' for a case not placed in a grid
        open          INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (district_code, street_code, grid_code)
      );
    `,
  },
  {
    version: 5,
    name: 'source keys act in the workflow as inspector and/or department',
    sql: `ALTER TABLE source_keys ADD COLUMN roles VARCHAR DEFAULT '';`,
  },
  {
    version: 6,
    name: 'screen layouts: the provisioned files and the versions an editor stores',
    sql: `
      CREATE TABLE layouts (
        id         VARCHAR NOT NULL,
        version    INTEGER NOT NULL,        -- 0: the file of layouts/ (replaced at every start); 1 and up: stored versions
        body       VARCHAR NOT NULL,        -- the layout as JSON, migrated again whenever it is read
        author     VARCHAR,                 -- who stored it (null for a file)
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );
    `,
  },
  {
    version: 7,
    name: 'layout versions carry the publisher\'s message and what a restore brought back',
    sql: `
      ALTER TABLE layouts ADD COLUMN message VARCHAR;         -- what changed, as the publisher said it
      ALTER TABLE layouts ADD COLUMN restored_from INTEGER;   -- the version a restore copied (0: the file)
    `,
  },
  {
    version: 8,
    name: 'grid workers: accounts linked to the worker registry, their on-duty switch; uploaded media and the cases that use them',
    sql: `
      ALTER TABLE users ADD COLUMN worker_id VARCHAR;
      CREATE TABLE media (
        name          VARCHAR PRIMARY KEY,    -- <sha-256 of the content>.<ext>: the file under <data dir>/media
        content_type  VARCHAR NOT NULL,
        bytes         BIGINT NOT NULL,
        uploaded_by   VARCHAR NOT NULL,
        uploaded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- which cases a medium belongs to (a report's photos, a transition's attachments): who may see it
      CREATE TABLE media_refs (
        name      VARCHAR NOT NULL,
        event_id  VARCHAR NOT NULL,
        PRIMARY KEY (name, event_id)
      );
      -- a worker's on-duty switch on the phone (over the registry's default)
      CREATE TABLE worker_duty (
        worker_id  VARCHAR PRIMARY KEY,
        on_duty    BOOLEAN NOT NULL,
        changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 9,
    name: 'devices: the registry, their telemetry, status changes and alarms',
    sql: `
      CREATE TABLE devices (
        id          VARCHAR PRIMARY KEY,    -- also the MQTT username and topic level
        kind        VARCHAR NOT NULL,
        name        VARCHAR NOT NULL,
        lon         DOUBLE NOT NULL,
        lat         DOUBLE NOT NULL,
        grid_code   VARCHAR,
        area_code   VARCHAR NOT NULL,       -- the narrowest area its location was placed in
        department  VARCHAR,
        secret_hash VARCHAR NOT NULL,       -- PBKDF2-SHA512, in mosquitto's password-file format
        interval_s  INTEGER NOT NULL,       -- how often it reports; silent 3 intervals: offline
        disabled    BOOLEAN NOT NULL DEFAULT false,
        demo        BOOLEAN NOT NULL DEFAULT false,
        created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      CREATE TABLE device_telemetry (
        seq         BIGINT NOT NULL,
        source      VARCHAR NOT NULL,
        device_id   VARCHAR NOT NULL,
        ts          TIMESTAMPTZ NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        area_code   VARCHAR NOT NULL,
        vals        VARCHAR NOT NULL        -- JSON object of name → number
      );
      CREATE TABLE device_status (
        seq       BIGINT NOT NULL,
        device_id VARCHAR NOT NULL,
        ts        TIMESTAMPTZ NOT NULL,
        status    VARCHAR NOT NULL,
        cause     VARCHAR NOT NULL,
        area_code VARCHAR NOT NULL
      );
      CREATE TABLE device_alarms (
        seq       BIGINT NOT NULL,
        source    VARCHAR NOT NULL,
        device_id VARCHAR NOT NULL,
        ts        TIMESTAMPTZ NOT NULL,
        code      VARCHAR NOT NULL,
        level     INTEGER NOT NULL,
        rule      VARCHAR,
        value     DOUBLE,
        message   VARCHAR NOT NULL,
        area_code VARCHAR NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'history: rollup watermark, cases by status and category, archive files',
    sql: `
      -- Cases created up to this seq are in the rollups (single row, id 1). No row: the next start
      -- rebuilds the rollups from the events (so this upgrade rebuilds them once).
      CREATE TABLE kpi_watermark (
        id           INTEGER PRIMARY KEY,
        rolled_up_to BIGINT NOT NULL
      );
      -- Cases by place, status and category, kept in step like kpi_open: the scoped summaries
      -- read these few rows instead of grouping every event.
      CREATE TABLE kpi_status (
        district_code VARCHAR NOT NULL,
        street_code   VARCHAR NOT NULL,
        grid_code     VARCHAR NOT NULL,     -- '' for a case not placed in a grid
        status        VARCHAR NOT NULL,
        category      VARCHAR NOT NULL,
        n             INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (district_code, street_code, grid_code, status, category)
      );
      -- Parquet files under the data dir's archive/ holding rows moved out of the hot tables
      -- (db/archive.ts): only listed files are read; a file is listed in the same transaction
      -- that deletes its rows from the hot table.
      CREATE TABLE archive_files (
        file     VARCHAR PRIMARY KEY,       -- relative to archive/: <table>/month=YYYY-MM/part-….parquet
        tbl      VARCHAR NOT NULL,
        month    VARCHAR NOT NULL,          -- YYYY-MM, local time
        seq      BIGINT NOT NULL,           -- the hot table's highest seq then (the writer's counter never restarts below it)
        moved_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: 'camera status: set by the source or by the gateway finding the stream not answering',
    // 'source': the source's report stands; 'probe': the gateway's stream check set it (and lifts it)
    sql: `ALTER TABLE cameras ADD COLUMN status_by VARCHAR DEFAULT 'source';`,
  },
  {
    version: 12,
    name: 'conference sessions (视频会商) and their events',
    sql: `
      CREATE TABLE conferences (
        id          VARCHAR PRIMARY KEY,
        title       VARCHAR NOT NULL,
        host_scope  VARCHAR NOT NULL,
        created_by  VARCHAR NOT NULL,
        invited     VARCHAR[] NOT NULL,
        status      VARCHAR NOT NULL,       -- open | ended
        presenter   VARCHAR,
        created_at  TIMESTAMPTZ NOT NULL,
        ended_at    TIMESTAMPTZ
      );
      CREATE TABLE conference_events (
        conference_id VARCHAR NOT NULL,
        ts            TIMESTAMPTZ NOT NULL,
        kind          VARCHAR NOT NULL,     -- created | join | leave | hand | presenter | mark | ended
        username      VARCHAR NOT NULL,
        scope         VARCHAR NOT NULL,
        data          JSON
      );
    `,
  },
];
