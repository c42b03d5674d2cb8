-- A migration that fails on its second statement (MigrationsTest).
CREATE TABLE IF NOT EXISTS fine (id INT PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);
