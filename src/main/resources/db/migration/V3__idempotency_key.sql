-- One row per Idempotency-Key: the first final answer, the fingerprint of the request that got
-- it, and when the key expires (IDEMPOTENCY_KEY_TTL). Keyed by the SHA-256 of the key, so the
-- database, not any one node, decides which of many requests with the same key takes effect.
-- IF NOT EXISTS: adopted as V1 explains.
CREATE TABLE IF NOT EXISTS idempotency_key (
    `key_hash` BINARY(32) NOT NULL,
    `idempotency_key` VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `fingerprint` BINARY(32) NOT NULL,
    `status` SMALLINT NOT NULL,
    `body` TEXT NOT NULL,
    `location` VARCHAR(512) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    PRIMARY KEY (`key_hash`),
    KEY `idempotency_key_expiry` (`expires_at`)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
