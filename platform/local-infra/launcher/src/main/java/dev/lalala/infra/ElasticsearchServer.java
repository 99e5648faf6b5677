package dev.lalala.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Elasticsearch from the integ-test-zip, started with its own launcher. It refuses to run as root, so as root it
 * runs as a system user ({@code lalala-es}, created if absent) with its config, data, logs and tmp folders owned by
 * that user. Plugins (zips) are installed offline into a dist folder keyed by their content.
 */
final class ElasticsearchServer extends ComponentServer {

    private static final Pattern VERSION = Pattern.compile("elasticsearch-(.+)\\.zip");

    /** File-name start of the project's own analysis plugin zip, a dependency of the Elasticsearch runtime module. */
    static final String BUNDLED_PLUGIN_PREFIX = "search-analysis-plugin-";

    private Path dist;
    private Path instance;
    private List<Path> plugins;

    ElasticsearchServer(Settings settings) {
        super(Component.ELASTICSEARCH, settings);
    }

    @Override
    Path dataDir() {
        return instance != null ? instance : super.dataDir();
    }

    @Override
    void prepare() throws Exception {
        requireJava21();
        Path zip = Runtimes.artifact(settings.home(), "elasticsearch", "elasticsearch-");
        Matcher m = VERSION.matcher(zip.getFileName().toString());
        if (!m.matches()) {
            throw new InfrastructureException("unexpected Elasticsearch artifact " + zip);
        }
        String version = m.group(1);
        plugins = plugins();
        boolean root = Processes.isRoot();
        Path distRoot = settings.distDir();
        instance = super.dataDir();
        if (root) {
            // The Elasticsearch user must be able to reach the binaries, the data and the JDK.
            if (!traversableByOthers(distRoot) || !traversableByOthers(instance)) {
                String hash = HexFormat.of().formatHex(sha256(settings.baseDir().toString().getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 12);
                Path fallback = Path.of("/var/tmp", "lalala-" + hash);
                settings.log("elasticsearch: " + settings.baseDir() + " is not reachable by user " + settings.elasticsearchUser()
                        + " (a parent folder lacks o+x); using " + fallback);
                distRoot = Path.of("/var/tmp", "lalala-dist");
                instance = fallback.resolve("elasticsearch");
            }
            if (!traversableByOthers(settings.javaHome())) {
                throw new InfrastructureException("the JDK " + settings.javaHome() + " is not readable by user "
                        + settings.elasticsearchUser() + "; use a JDK under /usr/lib/jvm or /opt");
            }
        }
        String distName = "elasticsearch-" + version + pluginSuffix();
        dist = Runtimes.unpackOnce(zip, "elasticsearch-" + version + "/", distRoot.resolve(distName), this::installPlugins);
        Files.createDirectories(instance.resolve("data"));
        Files.createDirectories(instance.resolve("logs"));
        Files.createDirectories(instance.resolve("tmp"));
        writeConfig();
        if (root) {
            ensureUser();
            chown(instance);
        }
    }

    /**
     * The plugins to install: the project's analysis plugin that the Elasticsearch runtime module carries (when it
     * was built; {@code -Dlalala.elasticsearch.bundled-plugins=false} leaves it out), then the configured ones.
     */
    private List<Path> plugins() {
        List<Path> result = new ArrayList<>();
        if (!"false".equals(Configuration.value("lalala.elasticsearch.bundled-plugins",
                "LALALA_ELASTICSEARCH_BUNDLED_PLUGINS"))) {
            Runtimes.classpath(settings.home(), "elasticsearch").stream()
                    .filter(p -> p.getFileName().toString().startsWith(BUNDLED_PLUGIN_PREFIX))
                    .filter(p -> p.getFileName().toString().endsWith(".zip"))
                    .forEach(result::add);
        }
        for (Path p : settings.elasticsearchPlugins()) {
            if (!result.contains(p)) {
                result.add(p);
            }
        }
        return result;
    }

    private String pluginSuffix() throws IOException {
        if (plugins.isEmpty()) {
            return "";
        }
        MessageDigest digest = sha256();
        for (Path plugin : plugins) {
            if (!Files.isRegularFile(plugin)) {
                throw new InfrastructureException("Elasticsearch plugin " + plugin + " does not exist");
            }
            digest.update(plugin.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(plugin)) {
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return "-plugins-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    private void installPlugins(Path dir) throws Exception {
        Runtimes.makeWorldReadable(dir, "bin");
        for (Path plugin : plugins) {
            settings.log("elasticsearch: installing plugin " + plugin);
            Path log = settings.logDir().resolve("elasticsearch-plugin.log");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("ES_JAVA_HOME", settings.javaHome().toString());
            env.put("JAVA_HOME", null);
            env.put("ES_JAVA_OPTS", null);
            env.put("ES_PATH_CONF", dir.resolve("config").toString());
            int rc = Processes.run(List.of(dir.resolve("bin").resolve("elasticsearch-plugin").toString(), "install", "--batch",
                    plugin.toUri().toString()), env, dir, log, Duration.ofMinutes(5));
            if (rc != 0) {
                throw new InfrastructureException("installing Elasticsearch plugin " + plugin + " failed (exit " + rc + "); read "
                        + log + ":\n" + Processes.tail(log, 30));
            }
        }
        Runtimes.makeWorldReadable(dir, "bin");
    }

    private void writeConfig() throws IOException {
        Path config = instance.resolve("config");
        Files.createDirectories(config.resolve("jvm.options.d"));
        try (Stream<Path> files = Files.list(dist.resolve("config"))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.equals("elasticsearch.yml") && !name.equals("jvm.options")
                        && !Files.exists(config.resolve(name))) {
                    Files.copy(f, config.resolve(name));
                }
            }
        }
        // The distribution's options, minus GC logging into the working directory.
        List<String> jvmOptions = new ArrayList<>();
        for (String line : Files.readAllLines(dist.resolve("config").resolve("jvm.options"), StandardCharsets.UTF_8)) {
            if (!line.trim().startsWith("-Xlog:gc")) {
                jvmOptions.add(line);
            }
        }
        Files.write(config.resolve("jvm.options"), jvmOptions, StandardCharsets.UTF_8);
        String heap = settings.heap(component) == null ? "512m" : settings.heap(component);
        Files.writeString(config.resolve("jvm.options.d").resolve("lalala.options"), String.join("\n",
                "# Written by the LALALA local-infra launcher at every start.",
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:-AlwaysPreTouch",
                "-XX:HeapDumpPath=" + instance.resolve("logs"),
                ""), StandardCharsets.UTF_8);
    }

    private void writeYaml(int port, int transportPort) throws IOException {
        Path config = instance.resolve("config");
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "# Written by the LALALA local-infra launcher at every start.",
                "cluster.name: lalala-local",
                "node.name: lalala-local",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + port,
                "transport.port: " + transportPort,
                "path.data: " + instance.resolve("data"),
                "path.logs: " + instance.resolve("logs"),
                "xpack.security.enabled: false",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "action.destructive_requires_name: false",
                ""), StandardCharsets.UTF_8);
        if (Processes.isRoot()) {
            chown(config);
        }
    }

    @Override
    Process launch(int port, int transportPort) throws Exception {
        writeYaml(port, transportPort);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ES_JAVA_HOME", settings.javaHome().toString());
        env.put("ES_PATH_CONF", instance.resolve("config").toString());
        env.put("ES_TMPDIR", instance.resolve("tmp").toString());
        env.put("JAVA_HOME", null);
        env.put("ES_JAVA_OPTS", null);
        env.put("JAVA_TOOL_OPTIONS", null);
        env.put("_JAVA_OPTIONS", null);
        env.put("HOME", instance.toString());
        List<String> cmd = new ArrayList<>();
        if (Processes.isRoot()) {
            String user = settings.elasticsearchUser();
            Path setpriv = Processes.findExecutable("setpriv");
            Path runuser = Processes.findExecutable("runuser");
            if (setpriv != null) {
                // setpriv execs (no fork, no new session): the process group stays ours, so stopping it stops ES.
                cmd.addAll(List.of(setpriv.toString(), "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
            } else if (runuser != null) {
                cmd.addAll(List.of(runuser.toString(), "-u", user, "--"));
            } else {
                throw new InfrastructureException("Elasticsearch refuses to run as root and neither setpriv nor runuser exists");
            }
        }
        cmd.add(dist.resolve("bin").resolve("elasticsearch").toString());
        return Processes.spawnDetached(cmd, env, instance.resolve("logs"), logFile());
    }

    @Override
    boolean isHealthy(int port, int transportPort) {
        return Probes.elasticsearch(port);
    }

    @Override
    void afterStart(int port, int transportPort) throws Exception {
        // Single node: indices default to 0 replicas (green). An index template of your own with a higher priority
        // replaces this one for its indices (composable templates do not merge): set number_of_replicas there.
        String body = "{\"index_patterns\":[\"*\"],\"priority\":0,"
                + "\"template\":{\"settings\":{\"index\":{\"number_of_replicas\":0}}},"
                + "\"_meta\":{\"description\":\"LALALA local infra: single node, no replicas\"}}";
        HttpResponse<String> response = Probes.http().send(HttpRequest.newBuilder(
                        URI.create("http://" + Probes.HOST + ":" + port + "/_index_template/lalala-local-defaults"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new InfrastructureException("cannot create the default index template: " + response.statusCode() + " "
                    + response.body());
        }
    }

    @Override
    Duration stopTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    List<Path> extraLogs() {
        return List.of(instance == null ? super.dataDir().resolve("logs").resolve("lalala-local.log")
                : instance.resolve("logs").resolve("lalala-local.log"));
    }

    @Override
    void deleteData() {
        if (instance != null && !instance.startsWith(settings.baseDir())) {
            Runtimes.deleteTree(instance.getParent());
        }
    }

    /** Where the instance (config, data, logs, tmp) lives; may differ from data/elasticsearch (see prepare). */
    Path instanceDir() {
        return instance != null ? instance : super.dataDir();
    }

    private void ensureUser() throws IOException, InterruptedException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        String user = settings.elasticsearchUser();
        try {
            lookup.lookupPrincipalByName(user);
            return;
        } catch (UserPrincipalNotFoundException e) {
            // create it
        }
        Path useradd = Processes.findExecutable("useradd");
        if (useradd == null) {
            throw new InfrastructureException("Elasticsearch refuses to run as root; create a user '" + user + "' (no useradd here)");
        }
        settings.log("elasticsearch: creating system user " + user);
        Path log = settings.logDir().resolve("elasticsearch.log");
        int rc = Processes.run(List.of(useradd.toString(), "--system", "--no-create-home", "--user-group",
                "--shell", "/usr/sbin/nologin", user), Map.of(), settings.baseDir(), log, Duration.ofMinutes(1));
        try {
            lookup.lookupPrincipalByName(user);
        } catch (UserPrincipalNotFoundException e) {
            throw new InfrastructureException("cannot create system user " + user + " (useradd exit " + rc + "); read " + log);
        }
    }

    private void chown(Path root) throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(settings.elasticsearchUser());
        GroupPrincipal group;
        try {
            group = lookup.lookupPrincipalByGroupName(settings.elasticsearchUser());
        } catch (UserPrincipalNotFoundException e) {
            group = null;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                if (group != null) {
                    view.setGroup(group);
                }
            }
        }
    }

    /** Whether every existing ancestor of the path (and the path) can be traversed by any user. */
    private static boolean traversableByOthers(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        for (; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** {@code http://127.0.0.1:<port>} (security off). */
    String url() {
        return "http://" + Probes.HOST + ":" + port();
    }

    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("spring.elasticsearch.uris", url());
        p.put("lalala.infra.elasticsearch.url", url());
    }

    @Override
    void environment(Map<String, String> env) {
        env.put("SPRING_ELASTICSEARCH_URIS", url());
        env.put("LALALA_ELASTICSEARCH_PORT", Integer.toString(port()));
        env.put("LALALA_ELASTICSEARCH_TRANSPORT_PORT", Integer.toString(secondaryPort()));
    }
}
