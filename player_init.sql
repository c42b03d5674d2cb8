-- The player table from PingCAP's sample, ready to run as in its guide:
--   mysql --host 127.0.0.1 --port 4000 -u root < player_init.sql
-- It resets the table. The service itself never drops anything: on start it
-- only creates the table when it is missing (see PlayerRepository.CREATE_TABLE).
-- utf8mb4_bin is TiDB's default collation; naming it makes ids compare and sort
-- byte-wise on MySQL and MariaDB too, so keyset paging behaves the same everywhere.
USE test;
DROP TABLE IF EXISTS player;

CREATE TABLE player (
    `id` VARCHAR(36),
    `coins` INTEGER,
    `goods` INTEGER,
    PRIMARY KEY (`id`)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
