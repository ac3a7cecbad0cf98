import type { Pool } from 'pg';
import {
  ADVISORY_LOCK_CLASS,
  advisoryLockKey,
  createSchemaInTransaction,
  inTransaction,
  quoteIdentifier,
  takeTransactionLock,
} from '@crm/sql';
import { notificationChannel } from './postgres.notification-channel';

/**
 * Versioned migrations of the event store's tables, recorded in `<schema>.event_store_migrations`.
 * The read models share the schema and keep their own migration table, so every object here is
 * named `event*`. Append new migrations; never edit one that has shipped.
 */
const migrations = (schema: string): readonly string[] => {
  const s = quoteIdentifier(schema);
  const [lockClass, lockObject] = advisoryLockKey(ADVISORY_LOCK_CLASS.eventStorePositions, schema);
  const channel = notificationChannel(schema).replace(/'/g, "''");
  return [
    `
    -- CACHE 1 (the default) matters: positions must be handed out in the order nextval is called.
    CREATE SEQUENCE ${s}.events_position_seq AS bigint CACHE 1;

    CREATE TABLE ${s}.events (
      position       bigint      PRIMARY KEY,
      transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
      event_id       text        NOT NULL UNIQUE,
      stream_id      text        NOT NULL,
      revision       bigint      NOT NULL,
      type           text        NOT NULL,
      data           jsonb       NOT NULL,
      metadata       jsonb       NOT NULL,
      schema_version integer     NOT NULL,
      recorded_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, revision)
    );

    -- One row per stream, locked FOR UPDATE by appends: the lock is what serialises writers to a
    -- stream across processes, and the row saves looking up the stream's head in events.
    CREATE TABLE ${s}.event_streams (
      stream_id text   PRIMARY KEY,
      revision  bigint NOT NULL DEFAULT -1,
      position  bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE ${s}.event_checkpoints (
      name       text        PRIMARY KEY,
      position   bigint      NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    /*
     * Appends a group of appends in one call (one round trip, one transaction when called alone).
     * Append i is stream p_streams[i] with expected revision p_expected[i] ('any', 'no_stream',
     * 'exists', 'never' or a number) and the next p_counts[i] entries of the event arrays. Returns
     * one row per append, in order: 'ok' (revision, position), 'conflict' (actual revision, null
     * for no stream) or 'duplicate' (event id, reason). A failing append stores nothing and does
     * not disturb the others, without a savepoint per append.
     *
     * Gap safety: readers see only events whose transaction_id is below the xmin of their snapshot.
     * That is a prefix of the position order only if transactions take positions in the order they
     * took their transaction ids; the advisory lock makes "take the id, reserve positions" atomic
     * among appenders, so it must run before anything in the transaction takes an id.
     */
    CREATE FUNCTION ${s}.event_store_append(
      p_streams  text[],
      p_expected text[],
      p_counts   integer[],
      p_ids      text[],
      p_types    text[],
      p_data     text[],
      p_metadata text[],
      p_versions integer[]
    ) RETURNS TABLE (out_index integer, outcome text, out_revision bigint, out_position bigint, out_event_id text, out_reason text)
    LANGUAGE plpgsql
    -- Its plans are cached from the first calls, when the tables are empty and a sequential scan
    -- looks cheapest; kept as the tables grow, that made every call read all of events.
    SET enable_seqscan = off
    AS $fn$
    DECLARE
      v_appends integer := coalesce(array_length(p_streams, 1), 0);
      v_total   integer := coalesce(array_length(p_ids, 1), 0);
      v_next    bigint := 0;
      v_max     bigint := 0;
      v_sids    text[];
      v_revs    bigint[];
      v_poss    bigint[];
      v_dirty   boolean[];
      v_ex_ids  text[];
      v_ex_sids text[];
      v_ex_revs bigint[];
      v_ex_poss bigint[];
      r_index   integer[] := '{}';
      r_stream  text[] := '{}';
      r_rev     bigint[] := '{}';
      r_pos     bigint[] := '{}';
      v_rows    integer := 0;
      v_offset  integer := 0;
      v_count   integer;
      v_actual  bigint;
      v_ok      boolean;
      v_first   integer;
      v_found   integer;
      i integer;
      j integer;
      k integer;
    BEGIN
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'event_store_append must be the first write of its transaction (gap-safe positions)';
      END IF;
      BEGIN
        PERFORM pg_advisory_lock(${lockClass}, ${lockObject});
        PERFORM pg_current_xact_id();
        IF v_total > 0 THEN
          v_next := nextval('${s}.events_position_seq');
          IF v_total > 1 THEN
            PERFORM setval('${s}.events_position_seq', v_next + v_total - 1);
          END IF;
        END IF;
        PERFORM pg_advisory_unlock(${lockClass}, ${lockObject});
      EXCEPTION WHEN OTHERS OR query_canceled THEN
        -- A session lock outlives the transaction: left held, it would stop every appender.
        PERFORM pg_advisory_unlock(${lockClass}, ${lockObject});
        RAISE;
      END;

      -- Lock every stream of the group in one sorted pass, so two groups never deadlock.
      SELECT array_agg(d.sid ORDER BY d.sid) INTO v_sids FROM (SELECT DISTINCT unnest(p_streams) AS sid) d;
      INSERT INTO ${s}.event_streams (stream_id)
        SELECT u.sid FROM unnest(v_sids) WITH ORDINALITY AS u(sid, n) ORDER BY u.n
        ON CONFLICT (stream_id) DO NOTHING;
      SELECT array_agg(l.stream_id ORDER BY l.stream_id), array_agg(l.revision ORDER BY l.stream_id),
             array_agg(l.position ORDER BY l.stream_id)
        INTO v_sids, v_revs, v_poss
        FROM (SELECT st.stream_id, st.revision, st.position FROM ${s}.event_streams st
               WHERE st.stream_id = ANY (v_sids) ORDER BY st.stream_id FOR UPDATE) l;
      v_dirty := array_fill(false, ARRAY[coalesce(array_length(v_sids, 1), 0)]);

      -- Ids already stored (usually none): exact retries are answered from them, overlaps refused.
      IF v_total > 0 THEN
        SELECT array_agg(e.event_id), array_agg(e.stream_id), array_agg(e.revision), array_agg(e.position)
          INTO v_ex_ids, v_ex_sids, v_ex_revs, v_ex_poss
          FROM ${s}.events e WHERE e.event_id = ANY (p_ids);
      END IF;

      FOR i IN 1 .. v_appends LOOP
        out_index := i;
        out_revision := NULL; out_position := NULL; out_event_id := NULL; out_reason := NULL;
        v_count := p_counts[i];
        k := array_position(v_sids, p_streams[i]);
        v_actual := v_revs[k];

        IF v_count > 0 AND v_ex_ids IS NOT NULL THEN
          v_first := array_position(v_ex_ids, p_ids[v_offset + 1]);
          IF v_first IS NOT NULL THEN
            outcome := 'ok';
            FOR j IN 1 .. v_count LOOP
              v_found := array_position(v_ex_ids, p_ids[v_offset + j]);
              IF v_found IS NULL THEN
                outcome := 'duplicate'; out_event_id := p_ids[v_offset + j];
                out_reason := 'is new but the append repeats earlier events';
              ELSIF v_ex_sids[v_found] <> p_streams[i] THEN
                outcome := 'duplicate'; out_event_id := p_ids[v_offset + j];
                out_reason := 'already exists in stream ' || v_ex_sids[v_found];
              ELSIF v_ex_revs[v_found] <> v_ex_revs[v_first] + j - 1 THEN
                outcome := 'duplicate'; out_event_id := p_ids[v_offset + j];
                out_reason := 'already exists at another revision';
              ELSE
                out_revision := v_ex_revs[v_found]; out_position := v_ex_poss[v_found];
              END IF;
              EXIT WHEN outcome = 'duplicate';
            END LOOP;
            IF outcome = 'duplicate' THEN out_revision := NULL; out_position := NULL; END IF;
            RETURN NEXT;
            v_offset := v_offset + v_count;
            CONTINUE;
          END IF;
          FOR j IN 2 .. v_count LOOP
            IF array_position(v_ex_ids, p_ids[v_offset + j]) IS NOT NULL THEN
              outcome := 'duplicate'; out_event_id := p_ids[v_offset + j]; out_reason := 'already exists';
              EXIT;
            END IF;
          END LOOP;
          IF out_event_id IS NOT NULL THEN
            RETURN NEXT;
            v_offset := v_offset + v_count;
            CONTINUE;
          END IF;
        END IF;

        v_ok := CASE p_expected[i]
          WHEN 'any' THEN true
          WHEN 'no_stream' THEN v_actual < 0
          WHEN 'exists' THEN v_actual >= 0
          WHEN 'never' THEN false
          ELSE v_actual >= 0 AND v_actual = p_expected[i]::bigint
        END;
        IF NOT v_ok THEN
          outcome := 'conflict';
          out_revision := CASE WHEN v_actual < 0 THEN NULL ELSE v_actual END;
        ELSIF v_count = 0 THEN
          outcome := 'ok'; out_revision := v_actual; out_position := v_poss[k];
        ELSE
          FOR j IN 1 .. v_count LOOP
            v_rows := v_rows + 1;
            v_actual := v_actual + 1;
            r_index[v_rows] := v_offset + j;
            r_stream[v_rows] := p_streams[i];
            r_rev[v_rows] := v_actual;
            r_pos[v_rows] := v_next;
            v_max := v_next;
            v_next := v_next + 1;
          END LOOP;
          v_revs[k] := v_actual;
          v_poss[k] := v_max;
          v_dirty[k] := true;
          outcome := 'ok'; out_revision := v_actual; out_position := v_max;
        END IF;
        RETURN NEXT;
        v_offset := v_offset + v_count;
      END LOOP;

      IF v_rows > 0 THEN
        INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, data, metadata, schema_version)
          SELECT r.pos, p_ids[r.idx], r.sid, r.rev, p_types[r.idx], p_data[r.idx]::jsonb, p_metadata[r.idx]::jsonb, p_versions[r.idx]
            FROM unnest(r_index, r_stream, r_rev, r_pos) AS r(idx, sid, rev, pos)
            ORDER BY r.pos;
        UPDATE ${s}.event_streams st SET revision = u.rev, position = u.pos
          FROM unnest(v_sids, v_revs, v_poss, v_dirty) AS u(sid, rev, pos, dirty)
         WHERE u.dirty AND st.stream_id = u.sid;
        PERFORM pg_notify('${channel}', v_max::text);
      END IF;
    END;
    $fn$;
    `,
  ];
};

/**
 * Creates the schema if needed and applies pending migrations, under an advisory lock so that
 * processes starting together take turns.
 */
export const migrate = (pool: Pool, schema: string): Promise<void> =>
  inTransaction(pool, async (client) => {
    const s = quoteIdentifier(schema);
    await takeTransactionLock(client, advisoryLockKey(ADVISORY_LOCK_CLASS.eventStoreMigrations, schema));
    await createSchemaInTransaction(client, schema);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.event_store_migrations (
      version    integer     PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>(
      `SELECT coalesce(max(version), 0)::integer AS version FROM ${s}.event_store_migrations`,
    );
    const all = migrations(schema);
    for (let version = rows[0].version + 1; version <= all.length; version++) {
      await client.query(all[version - 1]);
      await client.query(`INSERT INTO ${s}.event_store_migrations (version) VALUES ($1)`, [version]);
    }
  });
