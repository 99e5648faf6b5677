package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void generatesOnceIntoAnOwnerOnlyFileAndReusesIt() throws Exception {
        Path file = dir.resolve("secrets.env");
        String root = Secrets.inFile(file, name -> null).password(Secrets.MARIADB_ROOT_PASSWORD);
        assertThat(root).matches("[A-Za-z0-9_-]{32}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Secrets later = Secrets.inFile(file, name -> null);
        assertThat(later.password(Secrets.MARIADB_ROOT_PASSWORD)).isEqualTo(root);
        String auth = later.password(Secrets.dbPasswordKey("auth"));
        assertThat(auth).isNotEqualTo(root);
        assertThat(Files.readString(file)).contains("LALALA_MARIADB_ROOT_PASSWORD=" + root + "\n",
                "LALALA_DB_AUTH_PASSWORD=" + auth + "\n");
        assertThat(Secrets.inFile(file, name -> null).password("LALALA_DB_AUTH_PASSWORD")).isEqualTo(auth);
    }

    @Test
    void theEnvironmentOverridesTheFile() {
        Path file = dir.resolve("secrets.env");
        Secrets.inFile(file, name -> null).password(Secrets.dbPasswordKey("users"));
        Secrets overridden = Secrets.inFile(file, Map.of("LALALA_DB_USERS_PASSWORD", "from-the-environment")::get);
        assertThat(overridden.password(Secrets.dbPasswordKey("users"))).isEqualTo("from-the-environment");
    }

    @Test
    void aFileOthersCanReadIsNarrowedToTheOwner() throws Exception {
        Path file = dir.resolve("secrets.env");
        Files.writeString(file, "LALALA_AUTH_SIGNING_KEY_SECRET=abc\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Secrets.inFile(file, name -> null).get(Secrets.AUTH_SIGNING_KEY_SECRET, Secrets::newKey)).isEqualTo("abc");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keysAre32RandomBytesAndMemorySecretsDifferPerInstance() {
        assertThat(Base64.getDecoder().decode(Secrets.newKey())).hasSize(32);
        assertThat(Secrets.newKey()).isNotEqualTo(Secrets.newKey());
        Secrets a = Secrets.inMemory();
        assertThat(a.password("X")).isEqualTo(a.password("X")).isNotEqualTo(Secrets.inMemory().password("X"));
        assertThat(a.file()).isNull();
    }
}
