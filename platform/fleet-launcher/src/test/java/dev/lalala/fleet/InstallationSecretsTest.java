package dev.lalala.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationSecretsTest {

    @TempDir
    Path base;

    @Test
    void madeOnceKeptPrivateAndTheSameOnEveryStart() throws Exception {
        InstallationSecrets first = InstallationSecrets.load(base);
        InstallationSecrets again = InstallationSecrets.load(base);

        assertThat(again).isEqualTo(first);
        assertThat(Base64.getDecoder().decode(first.signingKeySecret())).hasSize(32);
        assertThat(Base64.getDecoder().decode(first.gatewaySecret())).hasSize(32);
        assertThat(first.gatewaySecret()).isNotEqualTo(first.signingKeySecret());
        Path file = base.resolve("secrets").resolve("installation.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }
}
