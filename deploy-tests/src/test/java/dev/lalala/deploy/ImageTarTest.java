package dev.lalala.deploy;

import static dev.lalala.deploy.DeployFiles.HOME;
import static dev.lalala.deploy.DeployFiles.bytes;
import static dev.lalala.deploy.DeployFiles.map;
import static dev.lalala.deploy.DeployFiles.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.deploy.DeployFiles.Result;
import dev.lalala.deploy.DeployFiles.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each service's image as Jib wrote it in the service's own {@code verify} (target/jib-image.tar, built before this
 * module in the reactor): its config's entrypoint, user, port and environment, its layers' content, and its JVM
 * memory flags against the service's memory limit in docker-compose.yml.
 */
class ImageTarTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An image tar unpacked: its config and the listing of every layer. */
    record Image(Path dir, JsonNode config, List<Path> layers) {

        List<String> entrypoint() {
            List<String> out = new ArrayList<>();
            config.path("config").path("Entrypoint").forEach(n -> out.add(n.asString()));
            return out;
        }

        List<String> env() {
            List<String> out = new ArrayList<>();
            config.path("config").path("Env").forEach(n -> out.add(n.asString()));
            return out;
        }

        String listing() throws Exception {
            StringBuilder all = new StringBuilder();
            for (Path layer : layers) {
                Result r = run(List.of("tar", "-tf", layer.toString()), dir, Map.of(), 2);
                assertThat(r.exit()).as(r.output()).isZero();
                all.append(r.output());
            }
            return all.toString();
        }
    }

    @TempDir
    static Path unpacked;
    static final Map<Service, Image> IMAGES = new java.util.EnumMap<>(Service.class);

    /** Each image unpacked once for this class. */
    static synchronized Image image(Service service) throws Exception {
        Image image = IMAGES.get(service);
        if (image == null) {
            image = unpack(service, Files.createDirectories(unpacked.resolve(service.id)));
            IMAGES.put(service, image);
        }
        return image;
    }

    static Path tarOf(Service service) {
        Path tar = HOME.resolve(service.id).resolve("target/jib-image.tar");
        assertThat(tar).as("%s's image: `./mvnw verify` builds it in the service's own verify phase (jib:buildTar)",
                service.id).exists();
        return tar;
    }

    static Image unpack(Service service, Path into) throws Exception {
        Result r = run(List.of("tar", "-xf", tarOf(service).toString(), "-C", into.toString()), into, Map.of(), 2);
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode manifest = JSON.readTree(Files.readString(into.resolve("manifest.json"))).get(0);
        JsonNode config = JSON.readTree(Files.readString(into.resolve(manifest.get("Config").asString())));
        List<Path> layers = new ArrayList<>();
        manifest.get("Layers").forEach(l -> layers.add(into.resolve(l.asString())));
        return new Image(into, config, layers);
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void entrypointUserPortAndProfile(Service service) throws Exception {
        Image image = image(service);
        JsonNode config = image.config().path("config");
        assertThat(config.path("User").asString()).isEqualTo(DeployFiles.IMAGE_USER);
        List<String> ports = new ArrayList<>(config.path("ExposedPorts").propertyNames());
        assertThat(ports).containsExactly(service.port + "/tcp");
        assertThat(image.env()).contains("SPRING_PROFILES_ACTIVE=docker")
                .anySatisfy(e -> assertThat(e).startsWith("PATH=").contains("/opt/java/openjdk/bin"));

        List<String> entrypoint = image.entrypoint();
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint).contains("-XX:+ExitOnOutOfMemoryError", "-cp", "@/app/jib-classpath-file")
                .anySatisfy(f -> assertThat(f).startsWith("-XX:MaxRAMPercentage="))
                .noneSatisfy(f -> assertThat(f).startsWith("-Xmx"));
        String mainClass = entrypoint.getLast();
        assertThat(mainClass).startsWith("dev.lalala.").endsWith("Application");

        String listing = image.listing();
        assertThat(listing).as("the main class is in the image")
                .contains("app/classes/" + mainClass.replace('.', '/') + ".class");
        assertThat(listing).as("the application's own settings").contains("app/resources/application.yml");
        assertThat(listing).as("a JRE").containsPattern("opt/java/openjdk/bin/java\\b|usr/bin/java\\b");
        if (service == Service.GATEWAY) {
            assertThat(listing).containsPattern("app/libs/web-[^/]+\\.jar");
        }
        if (service.netty()) {
            assertThat(entrypoint).anySatisfy(f -> assertThat(f).startsWith("-XX:MaxDirectMemorySize="))
                    .contains("-Dio.netty.tryReflectionSetAccessible=true",
                            "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void theHeapAndDirectMemoryFitTheComposeMemoryLimit(Service service) throws Exception {
        Image image = image(service);
        String compose = Files.readString(HOME.resolve("docker-compose.yml"));
        Map<String, Object> limits = map(map(map(map(map(DeployFiles.yaml(compose).get("services")).get(service.id))
                .get("deploy")).get("resources")).get("limits"));
        long limit = bytes(String.valueOf(limits.get("memory")));
        double percent = 0;
        long direct = 0;
        for (String flag : image.entrypoint()) {
            if (flag.startsWith("-XX:MaxRAMPercentage=")) {
                percent = Double.parseDouble(flag.substring(flag.indexOf('=') + 1));
            }
            if (flag.startsWith("-XX:MaxDirectMemorySize=")) {
                direct = bytes(flag.substring(flag.indexOf('=') + 1));
            }
        }
        assertThat(percent).isBetween(25.0, 80.0);
        long heap = (long) (limit * percent / 100);
        // Metaspace, code cache, thread stacks and GC need ~100 MiB besides heap and Netty's direct buffers.
        assertThat(heap + direct + 100L * 1024 * 1024).as("%s: heap %d + direct %d within the %d limit", service.id,
                heap, direct, limit).isLessThanOrEqualTo(limit);
    }

    @ParameterizedTest
    @EnumSource(value = Service.class, names = "GATEWAY")
    void theGatewayImageCarriesTheWebApp(Service service, @TempDir Path dir) throws Exception {
        Image image = image(service);
        Path out = Files.createDirectories(dir.resolve("out"));
        for (Path layer : image.layers()) {
            run(List.of("tar", "-xf", layer.toString(), "-C", out.toString(), "--wildcards", "app/libs/web-*.jar"), dir,
                    Map.of(), 2);
        }
        Path webJar;
        try (var files = Files.list(out.resolve("app/libs"))) {
            webJar = files.findFirst().orElseThrow();
        }
        assertThat(entries(webJar)).contains("lalala-web/index.html");
    }

    static List<String> entries(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
