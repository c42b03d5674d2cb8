-- One row per successful trade, written in the trade's own transaction. The id is 16 random
-- bytes (a version 4 UUID): not AUTO_INCREMENT and not time-ordered, so TiDB spreads the inserts
-- over its regions. Each index serves one listing, newest first, keyset-paged on (traded_at, id).
-- IF NOT EXISTS: adopted as V1 explains.
CREATE TABLE IF NOT EXISTS trade (
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
