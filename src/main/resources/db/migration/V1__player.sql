-- The player table of PingCAP's sample (player_init.sql holds the same).
-- IF NOT EXISTS: a database whose player table was made by player_init.sql, or by the service
-- before it had migrations, is adopted (baseline 0, see db/Migrations), and then this finds the
-- table in place and leaves it, rows and all.
-- utf8mb4_bin is TiDB's default collation; naming it makes ids compare and sort byte-wise on
-- MySQL and MariaDB too, so keyset paging behaves the same everywhere.
CREATE TABLE IF NOT EXISTS player (
    `id` VARCHAR(36),
    `coins` INTEGER,
    `goods` INTEGER,
    PRIMARY KEY (`id`)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
