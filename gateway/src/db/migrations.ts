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
];
