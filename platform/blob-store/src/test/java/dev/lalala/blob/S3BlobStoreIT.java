package dev.lalala.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.test.LocalInfra;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract on S3, against a real S3 API server (S3Mock started by local-infra), configured as a service is. */
@LocalInfra(Component.S3MOCK)
class S3BlobStoreIT extends BlobStoreContract {

    static S3BlobStore store;
    static S3Client raw;

    @BeforeAll
    static void connect(Infrastructure infra) {
        Map<String, String> properties = infra.springProperties();
        BlobStoreProperties settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lalala.blob", BlobStoreProperties.class);
        assertThat(settings.store()).isEqualTo(BlobStoreProperties.Store.S3);
        store = S3BlobStore.create(settings.s3());
        raw = S3Client.builder().endpointOverride(java.net.URI.create(infra.s3Endpoint())).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("any", "any")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void close() {
        store.close();
        raw.close();
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    void assertNothingPendingUnder(String prefix) {
        assertThat(raw.listMultipartUploads(b -> b.bucket(store.bucket()).prefix(prefix)).uploads())
                .as("unfinished multipart uploads").isEmpty();
    }

    @Test
    void aLargeBlobGoesInEightMegabyteParts() throws IOException {
        String key = base + "parts";
        store.put(key, new Generated(LARGE, 11));
        // A multipart object's ETag ends with -<number of parts>.
        String etag = raw.headObject(b -> b.bucket(store.bucket()).key(key)).eTag();
        assertThat(etag.replace("\"", "")).endsWith("-3");
        String small = base + "small";
        store.put(small, new Generated(1000, 11));
        assertThat(raw.headObject(b -> b.bucket(store.bucket()).key(small)).eTag()).doesNotContain("-");
    }

    @Test
    void createsItsBucketWhenMissing(Infrastructure infra) throws IOException {
        String bucket = "created-" + System.nanoTime();
        Map<String, String> properties = new java.util.HashMap<>(infra.springProperties());
        properties.put("lalala.blob.s3.bucket", bucket);
        BlobStoreProperties settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("lalala.blob", BlobStoreProperties.class);
        try (S3BlobStore other = S3BlobStore.create(settings.s3())) {
            other.check();
            other.put("k", bytes("v"));
            assertThat(other.read("k", 10)).contains(bytes("v"));
            assertThat(store.exists("k")).as("another bucket").isFalse();
        }
    }

    @Test
    void theAutoConfigurationPicksS3FromTheProperties(Infrastructure infra) {
        new org.springframework.boot.test.context.runner.ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(BlobStoreAutoConfiguration.class))
                .withPropertyValues(infra.springProperties().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .run(context -> {
                    BlobStore s3 = context.getBean(BlobStore.class);
                    assertThat(s3).isInstanceOf(S3BlobStore.class);
                    s3.put(base + "via-spring", bytes("ok"));
                    assertThat(store.read(base + "via-spring", 10)).contains(bytes("ok"));
                });
    }
}
