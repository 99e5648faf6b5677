package dev.lalala.blob;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The blob store, {@code lalala.blob.*} (environment: {@code LALALA_BLOB_STORE}, {@code LALALA_BLOB_S3_ENDPOINT},
 * ...). See docs/storage.md.
 *
 * @param store      {@code filesystem} (default) or {@code s3}
 * @param filesystem the filesystem store's settings
 * @param s3         the S3 store's settings
 */
@ConfigurationProperties("lalala.blob")
public record BlobStoreProperties(
        @DefaultValue("filesystem") Store store,
        @DefaultValue Filesystem filesystem,
        @DefaultValue S3 s3) {

    public enum Store {
        FILESYSTEM,
        S3
    }

    /**
     * @param root the folder of the blobs, shared by the services of one machine
     */
    public record Filesystem(@DefaultValue(".lalala/data/blobs") Path root) {
    }

    /**
     * @param endpoint     the S3 API's URL ({@code http://127.0.0.1:19090} for S3Mock); empty for AWS itself
     * @param region       the bucket's region
     * @param bucket       the one bucket every blob goes to
     * @param accessKey    static credentials; empty for the AWS default chain (environment, profile, role)
     * @param secretKey    with {@code accessKey}
     * @param pathStyle    {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: S3Mock, MinIO
     * @param partSize     a put reads and sends parts of this size; larger blobs go as multipart uploads (min 5MB)
     * @param createBucket create the bucket at start when it is missing
     */
    public record S3(
            String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("lalala") String bucket,
            String accessKey,
            String secretKey,
            @DefaultValue("false") boolean pathStyle,
            @DefaultValue("8MB") DataSize partSize,
            @DefaultValue("true") boolean createBucket) {
    }
}
