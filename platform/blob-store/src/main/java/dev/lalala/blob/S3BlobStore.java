package dev.lalala.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects in one S3 bucket (AWS, MinIO, S3Mock), through the AWS SDK's sync client on the JDK's
 * {@code HttpURLConnection}: blocking calls, fine on virtual threads and on a bounded scheduler in reactive services.
 * <p>
 * A put reads the stream in parts of {@code partSize} (8 MB by default): a blob that fits in one part is one
 * {@code PutObject}; a larger one (an original upload) is a multipart upload, aborted when anything fails, so a failed
 * put leaves neither an object nor stored parts behind. S3 makes an object visible only once it is complete, which
 * gives the same all-or-nothing promise as the filesystem store's atomic rename.
 */
public class S3BlobStore implements BlobStore {

    /** S3's smallest part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final String location;

    public S3BlobStore(S3Client s3, String bucket, int partSize, String location) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("an S3 part has at least " + MIN_PART_SIZE + " bytes: " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.location = location;
    }

    /** A client for the settings; path-style for S3Mock and MinIO, virtual-hosted for AWS. */
    public static S3BlobStore create(BlobStoreProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalArgumentException("lalala.blob.s3.bucket is required for lalala.blob.store=s3");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: S3-compatible servers differ in the newer flexible ones.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        String where = "s3://" + settings.bucket();
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
            where += " at " + settings.endpoint();
        }
        S3BlobStore store = new S3BlobStore(builder.build(), settings.bucket(),
                (int) settings.partSize().toBytes(), where);
        if (settings.createBucket()) {
            store.createBucketIfMissing();
        }
        return store;
    }

    private static AwsCredentialsProvider credentials(BlobStoreProperties.S3 settings) {
        if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        // Environment, profile, container or instance role: the usual AWS chain.
        return DefaultCredentialsProvider.builder().build();
    }

    /** Creates the bucket when it does not exist; a store that cannot reach S3 yet still starts (health says so). */
    public void createBucketIfMissing() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
            log.info("Created the bucket {}", location);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                log.warn("Cannot check the bucket {}: {}", location, e.getMessage());
                return;
            }
            s3.createBucket(b -> b.bucket(bucket));
            log.info("Created the bucket {}", location);
        } catch (SdkException e) {
            log.warn("Cannot reach {} yet: {}", location, e.getMessage());
        }
    }

    public String bucket() {
        return bucket;
    }

    public int partSize() {
        return partSize;
    }

    @Override
    public long put(String key, InputStream content, long length) throws IOException {
        BlobKeys.key(key);
        byte[] buffer = new byte[partSize];
        int first = readFully(content, buffer);
        if (first < partSize) {
            checkLength(key, length, first);
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) first),
                        RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(buffer, 0, first)));
            } catch (SdkException e) {
                throw failure("put", key, e);
            }
            return first;
        }
        return multipart(key, content, length, buffer, first);
    }

    private long multipart(String key, InputStream content, long length, byte[] buffer, int first) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failure("start a multipart upload of", key, e);
        }
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        try {
            int n = first;
            while (n > 0) {
                int partNumber = parts.size() + 1;
                int size = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) size), RequestBody.fromRemainingByteBuffer(ByteBuffer.wrap(buffer, 0, size))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += n;
                if (length != UNKNOWN_LENGTH && total > length) {
                    break;
                }
                n = readFully(content, buffer);
            }
            checkLength(key, length, total);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return total;
        } catch (IOException | RuntimeException | Error e) {
            abort(key, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failure("put", key, sdk);
            }
            throw e;
        }
    }

    private void abort(String key, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            cause.addSuppressed(e);
            log.warn("Could not abort the multipart upload {} of {}: {}", uploadId, key, e.getMessage());
        }
    }

    private static void checkLength(String key, long expected, long actual) throws IOException {
        if (expected != UNKNOWN_LENGTH && expected != actual) {
            throw new IOException("blob " + key + ": expected " + expected + " bytes, the stream had "
                    + (actual > expected ? "more" : actual));
        }
    }

    @Override
    public long putFile(String key, Path file) throws IOException {
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = put(key, in, Files.size(file));
        }
        Files.deleteIfExists(file);
        return size;
    }

    @Override
    public InputStream open(String key) throws IOException {
        BlobKeys.key(key);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        BlobKeys.key(key);
        String header = "bytes=" + range.offset() + "-" + (range.toEnd() ? "" : range.offset() + range.length() - 1);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key).range(header));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new RangeNotSatisfiableException(key, range.offset());
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            size(key);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        BlobKeys.key(key);
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(key);
            }
            throw failure("stat", key, e);
        } catch (SdkException e) {
            throw failure("stat", key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        BlobKeys.key(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        BlobKeys.prefix(prefix);
        List<BlobInfo> blobs = list(prefix);
        for (int from = 0; from < blobs.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = blobs.subList(from, Math.min(blobs.size(), from + DELETE_BATCH)).stream()
                    .map(blob -> ObjectIdentifier.builder().key(blob.key()).build()).toList();
            try {
                var response = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new IOException("could not delete " + response.errors().size() + " blobs under " + prefix
                            + " in " + location + ", e.g. " + response.errors().getFirst().key() + ": "
                            + response.errors().getFirst().message());
                }
            } catch (SdkException e) {
                throw failure("delete", prefix + "*", e);
            }
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        if (!prefix.isEmpty()) {
            BlobKeys.prefix(prefix);
        }
        List<BlobInfo> result = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                result.add(new BlobInfo(object.key(), object.size()));
            }
        } catch (SdkException e) {
            throw failure("list", prefix + "*", e);
        }
        result.sort(Comparator.comparing(BlobInfo::key));
        return result;
    }

    @Override
    public LocalCopy localCopy(String key) throws IOException {
        BlobKeys.key(key);
        Path dir = Files.createTempDirectory("lalala-blob-");
        Path file = dir.resolve("blob");
        try {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(file));
        } catch (RuntimeException e) {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            if (e instanceof NoSuchKeyException) {
                throw new NoSuchFileException(key);
            }
            if (e instanceof SdkException sdk) {
                throw failure("download", key, sdk);
            }
            throw e;
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return file;
            }

            @Override
            public void close() throws IOException {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        };
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("the bucket " + location + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private IOException failure(String what, String key, SdkException e) {
        return new IOException("S3 could not " + what + " " + key + " in " + location + ": " + e.getMessage(), e);
    }

    /** Fills the buffer from the stream as far as it goes; returns how many bytes it read (less only at the end). */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int total = 0;
        while (total < buffer.length) {
            int n = in.read(buffer, total, buffer.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
