package dev.lalala.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.infra.Component;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fleet's blob storage choice and what it starts. */
class BlobStorageTest {

    @AfterEach
    void clear() {
        System.clearProperty(BlobStorage.PROPERTY);
    }

    @Test
    void theFilesystemUnlessS3IsAskedFor() {
        System.clearProperty(BlobStorage.PROPERTY);
        if (System.getenv(BlobStorage.ENVIRONMENT) == null) {
            assertThat(BlobStorage.configured()).isEqualTo(BlobStorage.FILESYSTEM);
        }
        System.setProperty(BlobStorage.PROPERTY, "S3");
        assertThat(BlobStorage.configured()).isEqualTo(BlobStorage.S3);
        System.setProperty(BlobStorage.PROPERTY, "filesystem");
        assertThat(BlobStorage.configured()).isEqualTo(BlobStorage.FILESYSTEM);
        assertThatThrownBy(() -> BlobStorage.parse("ftp")).isInstanceOf(FleetException.class)
                .hasMessageContaining("filesystem or s3");
    }

    @Test
    void s3MockRunsOnlyForS3() {
        assertThat(Fleet.infrastructure(BlobStorage.FILESYSTEM)).doesNotContain(Component.S3MOCK)
                .contains(Component.KAFKA, Component.MARIADB, Component.NEO4J, Component.ELASTICSEARCH, Component.MAIL);
        assertThat(Fleet.infrastructure(BlobStorage.S3)).contains(Component.S3MOCK, Component.KAFKA);
        assertThat(BlobStorage.USERS).containsExactlyInAnyOrder(FleetService.TRACK, FleetService.STREAMING, FleetService.USER);
    }
}
