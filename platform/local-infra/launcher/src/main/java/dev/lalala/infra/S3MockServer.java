package dev.lalala.infra;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Adobe's S3Mock (an S3 API server) in its own JVM: {@code dev.lalala.infra.s3mock.S3MockRunner}. Plain HTTP on
 * loopback, one bucket ({@value #BUCKET}) created at start, objects kept under {@code data/s3mock/store}.
 * S3Mock checks no credentials (so, like Neo4j, it listens on 127.0.0.1 only); the ones handed out are there
 * because an S3 client must sign with something.
 */
final class S3MockServer extends ComponentServer {

    static final String BUCKET = "lalala";
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "lalala-local";
    static final String SECRET_KEY = "s3mock-checks-no-credentials";

    S3MockServer(Settings settings) {
        super(Component.S3MOCK, settings);
    }

    /** {@code http://127.0.0.1:<port>}. */
    String endpoint() {
        return "http://" + Probes.HOST + ":" + port();
    }

    /** What a service needs to use it as its blob store ({@code dev.lalala:blob-store}'s properties). */
    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("lalala.blob.store", "s3");
        p.put("lalala.blob.s3.endpoint", endpoint());
        p.put("lalala.blob.s3.region", REGION);
        p.put("lalala.blob.s3.bucket", BUCKET);
        p.put("lalala.blob.s3.access-key", ACCESS_KEY);
        p.put("lalala.blob.s3.secret-key", SECRET_KEY);
        p.put("lalala.blob.s3.path-style", "true");
        p.put("lalala.infra.s3mock.endpoint", endpoint());
    }

    /** The same as environment variables; without {@code LALALA_BLOB_STORE}, which picks the store (see docs/storage.md). */
    @Override
    void environment(Map<String, String> env) {
        env.put("LALALA_S3MOCK_PORT", Integer.toString(port()));
        env.put("LALALA_BLOB_S3_ENDPOINT", endpoint());
        env.put("LALALA_BLOB_S3_REGION", REGION);
        env.put("LALALA_BLOB_S3_BUCKET", BUCKET);
        env.put("LALALA_BLOB_S3_ACCESS_KEY", ACCESS_KEY);
        env.put("LALALA_BLOB_S3_SECRET_KEY", SECRET_KEY);
        env.put("LALALA_BLOB_S3_PATH_STYLE", "true");
    }

    @Override
    void prepare() throws Exception {
        requireJava21();
        Runtimes.classpath(settings.home(), "s3mock");
        Files.createDirectories(dataDir().resolve("store"));
    }

    @Override
    Process launch(int port, int unused) throws Exception {
        List<String> opts = commonJvmOptions();
        if (!opts.contains("-XX:TieredStopAtLevel=1")) {
            opts.add("-XX:TieredStopAtLevel=1"); // mostly idle: C1 starts the Spring app faster and smaller
        }
        return launchJava(opts, Runtimes.classpath(settings.home(), "s3mock"), "dev.lalala.infra.s3mock.S3MockRunner",
                List.of(Integer.toString(port), dataDir().resolve("store").toString(), BUCKET));
    }

    @Override
    boolean isHealthy(int port, int unused) {
        // ListBuckets: answers only once the store and the controllers are up.
        String body = Probes.httpGet("http://" + Probes.HOST + ":" + port + "/");
        return body != null && body.contains("<Name>" + BUCKET + "</Name>");
    }

    @Override
    boolean isReady(long pid, int port, int unused) {
        return readyFileFor(pid) && isHealthy(port, unused);
    }
}
