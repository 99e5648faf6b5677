package dev.lalala.fleet;

import java.util.Locale;
import java.util.Set;

/**
 * Where the fleet keeps originals, segments, covers and avatars: a folder under {@code .lalala/data/blobs}
 * (default) or S3, served locally by S3Mock. Chosen by {@code ./lalala up --blob s3}, the environment variable
 * {@code LALALA_BLOB_STORE=s3} or the system property {@code -Dlalala.blob.store=s3} (the fleet tests' S3 journey).
 */
public enum BlobStorage {
    FILESYSTEM,
    S3;

    /** The services that use the blob store. */
    static final Set<FleetService> USERS = Set.of(FleetService.TRACK, FleetService.STREAMING, FleetService.USER);

    public static final String PROPERTY = "lalala.blob.store";
    public static final String ENVIRONMENT = "LALALA_BLOB_STORE";

    /** From {@code -Dlalala.blob.store}, else {@code LALALA_BLOB_STORE}, else the filesystem. */
    public static BlobStorage configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENVIRONMENT);
        }
        return value == null || value.isBlank() ? FILESYSTEM : parse(value);
    }

    public static BlobStorage parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "filesystem", "file", "fs" -> FILESYSTEM;
            case "s3", "s3mock" -> S3;
            default -> throw new FleetException("unknown blob store '" + value + "' (filesystem or s3)");
        };
    }
}
