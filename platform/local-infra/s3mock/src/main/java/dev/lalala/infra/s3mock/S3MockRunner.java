package dev.lalala.infra.s3mock;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.lalala.infra.runner.RunnerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs Adobe's S3Mock (an S3 API server, itself a Spring Boot application) on loopback, in this JVM, started as its
 * own process by the LALALA local-infra launcher.
 * <p>
 * Usage: {@code S3MockRunner <port> <store-root> <bucket,...>}, with system properties {@code lalala.ready-file} and
 * {@code lalala.watch-pid} (optional). Plain HTTP on {@code 127.0.0.1:<port>} (no TLS: loopback only); objects are
 * kept under {@code <store-root>} and survive a restart; the buckets are created when missing.
 */
public final class S3MockRunner {

    private static final RunnerProcess PROCESS = new RunnerProcess("s3mock");

    private S3MockRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: S3MockRunner <port> <store-root> <bucket,...>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path root = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(root);
        PROCESS.watchParent();

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", "127.0.0.1");
        p.put("server.port", port);
        p.put("server.ssl.enabled", false);
        // S3Mock always adds a second (plain HTTP) connector; a random port, bound to loopback below.
        p.put("com.adobe.testing.s3mock.http-port", 0);
        p.put("com.adobe.testing.s3mock.store.root", root.toString());
        p.put("com.adobe.testing.s3mock.store.retain-files-on-exit", true);
        p.put("com.adobe.testing.s3mock.store.initial-buckets", args[2]);
        p.put("spring.jmx.enabled", false);
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.com.adobe.testing.s3mock", "INFO");
        // Originals are large: S3Mock would otherwise refuse bodies over 10 MB that it has not read yet.
        p.put("server.tomcat.max-swallow-size", "-1");
        p.put("server.tomcat.max-http-form-post-size", "-1");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(S3MockApplication.class, LoopbackOnly.class)
                .properties(p)
                .bannerMode(Banner.Mode.OFF)
                .run();
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "lalala-s3mock-shutdown"));
        PROCESS.writeReadyFile();
        log("LALALA-READY s3mock http://127.0.0.1:" + port + " store " + root);
        Thread.currentThread().join();
    }

    /** Binds S3Mock's extra HTTP connector to loopback too (S3Mock leaves its address unset: every interface). */
    @Configuration(proxyBeanMethods = false)
    static class LoopbackOnly {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> lalalaLoopbackConnectors() {
            return factory -> factory.getAdditionalTomcatConnectors()
                    .forEach(connector -> connector.setProperty("address", "127.0.0.1"));
        }
    }



    private static void log(String message) {
        PROCESS.log(message);
    }
}
