package dev.lalala.infra;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings read from the environment: a system property ({@code -Dlalala....}) wins over an environment variable
 * ({@code LALALA_...}); blank counts as unset.
 */
final class Configuration {

    private Configuration() {
    }

    static List<Path> elasticsearchPlugins() {
        String plugins = value("lalala.elasticsearch.plugins", "LALALA_ELASTICSEARCH_PLUGINS");
        if (plugins == null) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        for (String p : plugins.split("[" + File.pathSeparator + ",]")) {
            if (!p.isBlank()) {
                result.add(Path.of(p.trim()));
            }
        }
        return result;
    }

    /** Start timeout per component: {@code -Dlalala.infra.start-timeout} / {@code LALALA_START_TIMEOUT} in seconds, default 300. */
    static Duration startTimeout() {
        String v = value("lalala.infra.start-timeout", "LALALA_START_TIMEOUT");
        try {
            return Duration.ofSeconds(v == null ? 300 : Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new InfrastructureException("invalid LALALA_START_TIMEOUT/-Dlalala.infra.start-timeout '" + v + "' (seconds)");
        }
    }

    static String value(String systemProperty, String environmentVariable) {
        String v = System.getProperty(systemProperty);
        if (v == null || v.isBlank()) {
            v = System.getenv(environmentVariable);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    static int port(String systemProperty, String environmentVariable, int defaultPort) {
        String v = value(systemProperty, environmentVariable);
        if (v == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(v);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new InfrastructureException("invalid port '" + v + "' in " + environmentVariable + "/-D" + systemProperty);
        }
    }

    static List<String> list(String value) {
        List<String> result = new ArrayList<>();
        for (String s : value.split("[,\\s]+")) {
            if (!s.isBlank()) {
                result.add(s.trim());
            }
        }
        return result;
    }
}
