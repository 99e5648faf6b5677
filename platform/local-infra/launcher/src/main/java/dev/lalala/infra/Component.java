package dev.lalala.infra;

import java.util.Locale;

/** A piece of infrastructure that the launcher can run. */
public enum Component {

    /** Kafka 4.x, KRaft, one combined broker and controller. Ports: client 19092, controller 19093. */
    KAFKA("kafka", 19092, "controller", 19093),
    /** MariaDB 11.4 (MySQL protocol). Port 13306. */
    MARIADB("mariadb", 13306, null, 0),
    /** Neo4j 2026.x, Bolt only. Port 17687. */
    NEO4J("neo4j", 17687, null, 0),
    /** Elasticsearch 8.19, single node, security off. Ports: HTTP 19200, transport 19300. */
    ELASTICSEARCH("elasticsearch", 19200, "transport", 19300),
    /** GreenMail SMTP plus a JSON HTTP API to read what arrived. Ports: SMTP 13025, HTTP 13080. */
    MAIL("mail", 13025, "http", 13080),
    /** S3Mock, an S3 API server (plain HTTP). Port 19090. Not started unless asked for (S3 blob storage). */
    S3MOCK("s3mock", 19090, null, 0);

    private final String id;
    private final int defaultPort;
    private final String secondaryPortName;
    private final int defaultSecondaryPort;

    Component(String id, int defaultPort, String secondaryPortName, int defaultSecondaryPort) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.secondaryPortName = secondaryPortName;
        this.defaultSecondaryPort = defaultSecondaryPort;
    }

    /** What runs when nobody names components ({@code up}, the fleet): everything but {@link #S3MOCK}, which is opt-in. */
    public static java.util.Set<Component> defaults() {
        return java.util.EnumSet.complementOf(java.util.EnumSet.of(S3MOCK));
    }

    /** Lower-case name used for folders, pid files and the CLI ({@code kafka}, {@code mariadb}, ...). */
    public String id() {
        return id;
    }

    /** The main port of the local run (the one clients connect to). */
    public int defaultPort() {
        return defaultPort;
    }

    /** Name of the second port ({@code controller}, {@code transport}, {@code http}), or null if there is none. */
    public String secondaryPortName() {
        return secondaryPortName;
    }

    /** The second port of the local run, or 0 if there is none. */
    public int defaultSecondaryPort() {
        return defaultSecondaryPort;
    }

    public boolean hasSecondaryPort() {
        return secondaryPortName != null;
    }

    /** Environment variable overriding the main port, e.g. {@code LALALA_MARIADB_PORT}. */
    public String portEnvironmentVariable() {
        return "LALALA_" + id.toUpperCase(Locale.ROOT) + "_PORT";
    }

    /** Environment variable overriding the second port, e.g. {@code LALALA_KAFKA_CONTROLLER_PORT}. */
    public String secondaryPortEnvironmentVariable() {
        return secondaryPortName == null ? null
                : "LALALA_" + id.toUpperCase(Locale.ROOT) + "_" + secondaryPortName.toUpperCase(Locale.ROOT) + "_PORT";
    }

    /** System property overriding the main port, e.g. {@code lalala.mariadb.port}. */
    public String portSystemProperty() {
        return "lalala." + id + ".port";
    }

    /** System property overriding the second port, e.g. {@code lalala.kafka.controller.port}. */
    public String secondaryPortSystemProperty() {
        return secondaryPortName == null ? null : "lalala." + id + "." + secondaryPortName + ".port";
    }

    /** Parses {@code kafka}, {@code KAFKA}, {@code es}, {@code mysql}, ... */
    public static Component parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "es", "elastic" -> n = "elasticsearch";
            case "mysql", "db", "maria" -> n = "mariadb";
            case "smtp", "greenmail" -> n = "mail";
            case "s3" -> n = "s3mock";
            default -> {
            }
        }
        for (Component c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component '" + name + "' (known: kafka, mariadb, neo4j, elasticsearch, mail, s3mock)");
    }
}
