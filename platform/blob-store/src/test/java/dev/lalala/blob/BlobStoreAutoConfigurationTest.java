package dev.lalala.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The store is chosen by {@code lalala.blob.store}; an application's own BlobStore bean wins. */
class BlobStoreAutoConfigurationTest {

    @TempDir
    Path temp;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BlobStoreAutoConfiguration.class));

    @Test
    void theFilesystemByDefaultAtTheConfiguredRoot() {
        runner.withPropertyValues("lalala.blob.filesystem.root=" + temp.resolve("blobs")).run(context -> {
            assertThat(context).hasSingleBean(BlobStore.class);
            assertThat(context.getBean(BlobStore.class)).isInstanceOf(FilesystemBlobStore.class);
            assertThat(((FilesystemBlobStore) context.getBean(BlobStore.class)).root()).isEqualTo(temp.resolve("blobs"));
        });
    }

    @Test
    void anUnknownStoreFailsTheStart() {
        runner.withPropertyValues("lalala.blob.store=ftp").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void s3NeedsABucketAndAPartOfAtLeastFiveMegabytes() {
        runner.withPropertyValues("lalala.blob.store=s3", "lalala.blob.s3.bucket=", "lalala.blob.s3.create-bucket=false")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("lalala.blob.store=s3", "lalala.blob.s3.part-size=1MB", "lalala.blob.s3.create-bucket=false",
                        "lalala.blob.s3.endpoint=http://127.0.0.1:9", "lalala.blob.s3.access-key=a", "lalala.blob.s3.secret-key=b")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void anApplicationsOwnStoreWins() throws java.io.IOException {
        FilesystemBlobStore own = new FilesystemBlobStore(temp.resolve("own"));
        runner.withBean(BlobStore.class, () -> own)
                .withPropertyValues("lalala.blob.store=s3")
                .run(context -> assertThat(((FilesystemBlobStore) context.getBean(BlobStore.class)).root())
                        .isEqualTo(temp.resolve("own")));
    }
}
