package dev.lalala.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's deploy files, the services' configuration, and docker-compose to validate them. */
final class DeployFiles {

    /** The nine services: compose/stack name, the port they listen on, the MySQL database they own (or null). */
    enum Service {
        GATEWAY("gateway", 8080, null),
        AUTH("auth-service", 8081, "auth"),
        USER("user-service", 8082, "users"),
        FEED("feed-service", 8083, null),
        TRACK("track-service", 8084, "tracks"),
        STREAMING("streaming-service", 8085, null),
        CHAT("chat-service", 8086, "chat"),
        SEARCH("search-service", 8087, null),
        PLAYLIST("playlist-service", 8088, "playlists");

        final String id;
        final int port;
        final String database;

        Service(String id, int port, String database) {
            this.id = id;
            this.port = port;
            this.database = database;
        }

        boolean netty() {
            return this == GATEWAY || this == STREAMING || this == CHAT;
        }
    }

    static final Path HOME = findHome();
    static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    /** The user every image runs as (root pom, jib-maven-plugin container.user). */
    static final String IMAGE_USER = "10001:10001";

    private DeployFiles() {
    }

    private static Path findHome() {
        String configured = System.getProperty("lalala.home");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.exists(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("no checkout with docker-compose.yml above " + dir);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(200);
        Object loaded = new Yaml(options).load(text);
        return loaded == null ? new LinkedHashMap<>() : (Map<String, Object>) loaded;
    }

    static Map<String, Object> yaml(Path file) {
        return yaml(read(file));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(read(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    /** Nested maps as dotted keys ("spring.datasource.url"), lists as key[0], values as strings. */
    static Map<String, String> flatten(Map<String, Object> source) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", source, out);
        return out;
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "[" + i + "]", l.get(i), out);
            }
        } else {
            out.put(prefix, value == null ? "" : String.valueOf(value));
        }
    }

    /**
     * A service's settings as the {@code docker} profile sees them: application.yml (its first document), overlaid
     * by application-docker.yml or, for the gateway, the docker document of application.yml.
     */
    static Map<String, String> dockerSettings(Service service) {
        Path resources = HOME.resolve(service.id).resolve("src/main/resources");
        List<Map<String, Object>> docs = yamlDocuments(resources.resolve("application.yml"));
        Map<String, String> settings = new LinkedHashMap<>(flatten(docs.getFirst()));
        settings.putAll(dockerProfileOnly(service));
        return settings;
    }

    /** Only what the docker profile itself sets. */
    static Map<String, String> dockerProfileOnly(Service service) {
        Path resources = HOME.resolve(service.id).resolve("src/main/resources");
        Map<String, String> settings = new LinkedHashMap<>();
        Path dockerFile = resources.resolve("application-docker.yml");
        if (Files.exists(dockerFile)) {
            settings.putAll(flatten(yaml(dockerFile)));
        }
        for (Map<String, Object> doc : yamlDocuments(resources.resolve("application.yml"))) {
            Map<String, String> flat = flatten(doc);
            if ("docker".equals(flat.get("spring.config.activate.on-profile"))) {
                flat.remove("spring.config.activate.on-profile");
                settings.putAll(flat);
            }
        }
        return settings;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(?::([^}]*))?}");

    /** The ${NAME} placeholders without a default in these settings (what the environment must provide). */
    static List<String> requiredPlaceholders(Map<String, String> settings) {
        List<String> names = new ArrayList<>();
        for (String value : settings.values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                if (m.group(2) == null && !names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Every placeholder name used, with or without default. */
    static List<String> allPlaceholders(Map<String, String> settings) {
        List<String> names = new ArrayList<>();
        for (String value : settings.values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A value with its placeholders replaced from the environment, or their defaults. */
    static String resolve(String value, Map<String, String> environment) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = environment.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Debian's docker-compose (1.29), installed with apt when missing, as the web tests install chromium. */
    static Path dockerCompose() throws IOException, InterruptedException {
        if (Files.isExecutable(DOCKER_COMPOSE)) {
            return DOCKER_COMPOSE;
        }
        for (List<String> command : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "docker-compose"))) {
            Result r = run(command, HOME, Map.of("DEBIAN_FRONTEND", "noninteractive"), 10);
            assertThat(r.exit()).as("%s failed (the deploy tests need Debian's docker-compose):%n%s", command, r.output())
                    .isZero();
        }
        assertThat(Files.isExecutable(DOCKER_COMPOSE)).as("docker-compose is still missing at %s", DOCKER_COMPOSE)
                .isTrue();
        return DOCKER_COMPOSE;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, Path dir, Map<String, String> environment, int minutes)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in " + minutes + " min");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /**
     * A copy of docker-compose.yml and deploy/ (without generated secrets and build output) in a new folder, with
     * fresh secrets made by deploy/make-secrets.sh, as an operator would have them.
     */
    static Path checkoutCopyWithSecrets(Path into) throws IOException, InterruptedException {
        Files.copy(HOME.resolve("docker-compose.yml"), into.resolve("docker-compose.yml"));
        Path deploy = HOME.resolve("deploy");
        try (Stream<Path> files = Files.walk(deploy)) {
            for (Path source : files.toList()) {
                Path relative = deploy.relativize(source);
                if (relative.startsWith("secrets") || relative.toString().contains("target")) {
                    continue;
                }
                Path target = into.resolve("deploy").resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Result made = run(List.of("bash", "deploy/make-secrets.sh"), into, Map.of(), 1);
        assertThat(made.exit()).as("deploy/make-secrets.sh failed:%n%s", made.output()).isZero();
        return into;
    }

    /** `docker-compose -f FILE config` of a copy: the file with anchors merged, env files and variables resolved. */
    static Map<String, Object> composeConfig(Path copy, String file) throws IOException, InterruptedException {
        // Only standard output is YAML: docker-compose warns on standard error (e.g. that `configs` is for Swarm).
        Path errors = Files.createTempFile("compose-config", ".err");
        ProcessBuilder pb = new ProcessBuilder(dockerCompose().toString(), "-f", file, "config").directory(copy.toFile())
                .redirectError(errors.toFile());
        pb.environment().put("LALALA_REGISTRY", "registry.example.com/lalala");
        pb.environment().put("LALALA_TAG", "test");
        Process p = pb.start();
        String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("docker-compose -f %s config failed:%n%s", file, read(errors)).isZero();
        Files.deleteIfExists(errors);
        return yaml(yaml);
    }

    /** Environment of one service in `docker-compose config` output (a map there). */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (raw instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** The topics the compose/stack `kafka-topics` service creates. */
    static List<String> createdTopics(Map<String, Object> kafkaTopicsService) {
        String script = String.join("\n", list(kafkaTopicsService.get("command")).stream().map(String::valueOf).toList());
        Matcher m = Pattern.compile("for topic in ([^;]+);").matcher(script);
        assertThat(m.find()).as("kafka-topics lists its topics in `for topic in ...;`: %s", script).isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** The databases deploy/mysql/init creates (its `for db in ...;` loop). */
    static List<String> initDatabases() {
        String script = read(HOME.resolve("deploy/mysql/init/01-lalala-databases.sh"));
        Matcher m = Pattern.compile("for db in ([^;]+);").matcher(script);
        assertThat(m.find()).isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** Memory like "640M", "1G", "512m" in bytes. */
    static long bytes(String size) {
        String s = size.trim().toLowerCase();
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        if (digits.endsWith("b")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        return (long) (Double.parseDouble(digits) * unit);
    }
}
