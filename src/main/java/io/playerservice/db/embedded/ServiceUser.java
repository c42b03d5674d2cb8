package io.playerservice.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The service's login on an embedded server: a password user, because the reactive client cannot
 * use MariaDB's unix_socket or ed25519 logins. User and password last as long as the data.
 */
final class ServiceUser {
  static final String NAME = "player";

  private ServiceUser() {
  }

  /** The password kept in {@code dir} (readable by the owner only), made on first use. */
  static String password(DataDirectory dir) throws IOException {
    Path file = dir.passwordFile();
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path next = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(next);
    Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(next, password + "\n");
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE); // never a half-written password
    return password;
  }

  /**
   * The database and the user. IF NOT EXISTS: the user lasts as long as the data; ALTER: the
   * password file is the truth, even if it was lost and made anew. Both host forms: an anonymous
   * ''@localhost would otherwise shadow 'player'@'%'.
   */
  static String createStatements(String database, String password) {
    StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS `" + database + "`;");
    for (String account : List.of("'" + NAME + "'@'localhost'", "'" + NAME + "'@'%'")) {
      String identified = account + " IDENTIFIED BY '" + password + "';";
      sql.append(" CREATE USER IF NOT EXISTS ").append(identified)
          .append(" ALTER USER ").append(identified)
          .append(" GRANT ALL ON *.* TO ").append(account).append(';');
    }
    return sql.toString();
  }
}
