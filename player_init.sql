-- The player table from PingCAP's sample, ready to run as in its guide, with the service's two
-- other tables: the trade ledger and the Idempotency-Key store.
--   mysql --host 127.0.0.1 --port 4000 -u root < player_init.sql
-- It resets the tables. The service itself never drops anything: it makes the same tables with
-- its versioned migrations (src/main/resources/db/migration), and adopts tables this script made.
-- MigrationsTest checks that the two make the same tables.
-- utf8mb4_bin is TiDB's default collation; naming it makes ids compare and sort
-- byte-wise on MySQL and MariaDB too, so keyset paging behaves the same everywhere.
USE test;
DROP TABLE IF EXISTS player;
DROP TABLE IF EXISTS trade;
DROP TABLE IF EXISTS idempotency_key;

CREATE TABLE player (
    `id` VARCHAR(36),
    `coins` INTEGER,
    `goods` INTEGER,
    PRIMARY KEY (`id`)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per successful trade, written in the trade's own transaction. The id is 16 random
-- bytes (a version 4 UUID): not AUTO_INCREMENT and not time-ordered, so TiDB spreads the inserts
-- over its regions. Each index serves one listing, newest first, keyset-paged on (traded_at, id).
CREATE TABLE trade (
    `id` BINARY(16) NOT NULL,
    `sell_id` VARCHAR(36) NOT NULL,
    `buy_id` VARCHAR(36) NOT NULL,
    `amount` INTEGER NOT NULL,
    `price` INTEGER NOT NULL,
    `seller_coins` INTEGER NOT NULL,
    `seller_goods` INTEGER NOT NULL,
    `buyer_coins` INTEGER NOT NULL,
    `buyer_goods` INTEGER NOT NULL,
    `traded_at` DATETIME(6) NOT NULL,
    `idempotency_key` VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
    PRIMARY KEY (`id`),
    KEY `trade_by_seller` (`sell_id`, `traded_at`, `id`),
    KEY `trade_by_buyer` (`buy_id`, `traded_at`, `id`),
    KEY `trade_by_time` (`traded_at`, `id`)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per Idempotency-Key: the first final answer, the fingerprint of the request that got
-- it, and when the key expires (IDEMPOTENCY_KEY_TTL). Keyed by the SHA-256 of the key.
CREATE TABLE idempotency_key (
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
