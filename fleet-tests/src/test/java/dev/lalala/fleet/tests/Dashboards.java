package dev.lalala.fleet.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboards of deploy/observability and the metrics their queries name. Queries write every metric as
 * {@code name{labels}} (deploy/observability/grafana/dashboards.py), so a name is what stands right before a brace,
 * and the labels it is filtered on are the keys inside that brace.
 */
final class Dashboards {

    /** A metric name right before its selector's brace. */
    static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");

    private Dashboards() {
    }

    static Path folder() {
        return dev.lalala.infra.Home.find().resolve("deploy/observability/grafana/dashboards");
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return Gateway.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of a dashboard: its panels' targets and its template variables' queries. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                expressions.add(variable.path("query").path("query").asString());
            }
        }
        return expressions;
    }

    /** The metric names an expression selects, each with the label names it filters on. */
    static Map<String, Set<String>> metrics(String expression) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(expression);
        while (m.find()) {
            Set<String> labels = metrics.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher label = MATCHER.matcher(m.group(2));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return metrics;
    }

    /** Every metric the dashboards name, with every label they filter it on. */
    static Map<String, Set<String>> allMetrics() {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (Path file : files()) {
            for (String expression : expressions(read(file))) {
                metrics(expression).forEach((name, labels) ->
                        all.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(labels));
            }
        }
        return all;
    }
}
