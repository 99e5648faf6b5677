package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The hook for the project's own Elasticsearch plugin: plugin zips listed in the settings are installed offline
 * ({@code elasticsearch-plugin install --batch file://...}) into a distribution folder keyed by their content.
 * Builds a minimal classic plugin against the distribution's jars; does not start Elasticsearch.
 */
class ElasticsearchPluginIT {

    private static final Path WORK = Path.of(System.getProperty("user.dir"), "target", "es-plugin-it-" + System.nanoTime());

    @AfterAll
    static void cleanUp() {
        Runtimes.deleteTree(WORK);
    }

    @Test
    void installsPluginZipsIntoAContentKeyedDistribution() throws Exception {
        Path zip = Runtimes.artifact(Home.find(), "elasticsearch", "elasticsearch-");
        String version = zip.getFileName().toString().replace("elasticsearch-", "").replace(".zip", "");
        Path lib = Runtimes.unpackOnce(zip, "elasticsearch-" + version + "/lib/", WORK.resolve("es-lib"), dir -> { });
        Path plugin = buildPlugin(lib, version);

        Settings settings = Settings.testBuilder(Home.find()).baseDir(WORK.resolve("base")).distDir(WORK.resolve("dist"))
                .elasticsearchPlugins(List.of(plugin)).build();
        ElasticsearchServer server = new ElasticsearchServer(settings);
        server.prepare();

        Path dists = WORK.resolve("dist");
        Path withPlugin;
        try (Stream<Path> s = Files.list(dists)) {
            withPlugin = s.filter(p -> p.getFileName().toString().startsWith("elasticsearch-" + version + "-plugins-"))
                    .findFirst().orElseThrow();
        }
        assertThat(withPlugin.resolve("plugins").resolve("lalala-test-plugin").resolve("plugin-descriptor.properties")).exists();
        Path log = WORK.resolve("list.log");
        int rc = Processes.run(List.of(withPlugin.resolve("bin").resolve("elasticsearch-plugin").toString(), "list"),
                Map.of("ES_JAVA_HOME", settings.javaHome().toString(), "ES_PATH_CONF", withPlugin.resolve("config").toString()),
                withPlugin, log, Duration.ofMinutes(2));
        assertThat(rc).isZero();
        assertThat(Files.readString(log)).contains("lalala-test-plugin");
        // the instance config points at that distribution's config files
        assertThat(server.instanceDir().resolve("config").resolve("jvm.options.d").resolve("lalala.options")).exists();
    }

    private static Path buildPlugin(Path esLib, String version) throws Exception {
        Path src = WORK.resolve("plugin-src/dev/lalala/testplugin/TestPlugin.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package dev.lalala.testplugin;\n"
                + "public class TestPlugin extends org.elasticsearch.plugins.Plugin {}\n");
        Path classes = Files.createDirectories(WORK.resolve("plugin-classes"));
        List<String> cp = new ArrayList<>();
        try (Stream<Path> jars = Files.list(esLib)) {
            jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> cp.add(p.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "21", "-proc:none", "-cp", String.join(":", cp), "-d", classes.toString(),
                src.toString());
        assertThat(rc).isZero();
        Path jar = WORK.resolve("lalala-test-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Path cls = classes.resolve("dev/lalala/testplugin/TestPlugin.class");
            out.putNextEntry(new JarEntry("dev/lalala/testplugin/TestPlugin.class"));
            out.write(Files.readAllBytes(cls));
            out.closeEntry();
        }
        Path zip = WORK.resolve("lalala-test-plugin.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(out, "plugin-descriptor.properties", String.join("\n",
                    "description=LALALA launcher test plugin",
                    "version=1.0.0",
                    "name=lalala-test-plugin",
                    "classname=dev.lalala.testplugin.TestPlugin",
                    "java.version=21",
                    "elasticsearch.version=" + version,
                    "").getBytes(StandardCharsets.UTF_8));
            put(out, "lalala-test-plugin.jar", Files.readAllBytes(jar));
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws Exception {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
