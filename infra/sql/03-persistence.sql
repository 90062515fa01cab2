-- Orleans ADO.NET grain storage for PostgreSQL, Microsoft.Orleans.Persistence.AdoNet 10.4.2.
--
-- One row per (service, grain type, grain id). Orleans passes the key as hashes plus the full values
-- (@GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString, @GrainIdExtensionString,
-- @ServiceId); the hashes lead the index, the full values decide. Version is the ETag: a write or clear
-- succeeds only against the version the grain last read, and returns the new one as NewGrainStateVersion;
-- returning the caller's version unchanged, or NULL, tells Orleans the write lost a race
-- (InconsistentStateException).

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL,
    Version                integer      NULL
);

-- Unique, where the upstream script has a plain index: two activations of one grain that both write first
-- (a split brain) must not both insert; the second finds the conflict and is told it lost. String keys
-- without an extension are NULL, and NULLS NOT DISTINCT (PostgreSQL 15) makes those collide too.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId, GrainTypeString, GrainIdExtensionString)
    NULLS NOT DISTINCT;

-- A first write (no version) inserts version 1; a later write replaces the payload of the row at the
-- caller's version and returns version + 1. The returned version equals the caller's, or is NULL, when
-- nothing was written.
CREATE OR REPLACE FUNCTION xip_write_grain_state(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      varchar,
    p_grain_id_ext    varchar,
    p_service_id      varchar,
    p_version         integer,
    p_payload         bytea)
RETURNS TABLE (NewGrainStateVersion integer)
LANGUAGE plpgsql
AS $$
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_id_ext,
             p_service_id, p_payload, now(), 1)
        ON CONFLICT DO NOTHING;
        RETURN QUERY SELECT CASE WHEN FOUND THEN 1 END;
        RETURN;
    END IF;

    UPDATE OrleansStorage s
    SET PayloadBinary = p_payload, ModifiedOn = now(), Version = s.Version + 1
    WHERE s.GrainIdHash = p_grain_id_hash AND s.GrainTypeHash = p_grain_type_hash
        AND s.GrainIdN0 = p_grain_id_n0 AND s.GrainIdN1 = p_grain_id_n1
        AND s.ServiceId = p_service_id AND s.GrainTypeString = p_grain_type
        AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
        AND s.Version = p_version;
    RETURN QUERY SELECT CASE WHEN FOUND THEN p_version + 1 ELSE p_version END;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey', '
    SELECT NewGrainStateVersion FROM xip_write_grain_state(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
        @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
(
    -- No row: the grain has no state yet. A cleared row has a NULL payload and keeps its version.
    'ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
'),
(
    -- ClearStateAsync when DeleteStateOnClear is false: keeps the row, bumps the version.
    'ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
'),
(
    -- ClearStateAsync when DeleteStateOnClear is true (XiP's choice): removes the row; returns the
    -- deleted version + 1, which Orleans only compares with the caller's version.
    'DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
