package dev.lalala.infra;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Running infrastructure and how to reach it. Every host is {@code 127.0.0.1}. Accessors of a component that is
 * not running throw {@link IllegalStateException}.
 */
public interface Infrastructure {

    /** The components running (started or found running) in this infrastructure. */
    Set<Component> components();

    default boolean isRunning(Component component) {
        return components().contains(component);
    }

    /** Starts the components that are not running yet (idempotent). */
    Infrastructure ensureStarted(Collection<Component> components);

    // ---- Kafka ----

    /** {@code 127.0.0.1:<port>}. */
    String kafkaBootstrapServers();

    // ---- MariaDB ----

    String mariadbHost();

    int mariadbPort();

    /**
     * MariaDB's root password: generated per installation (LOCAL: {@code .lalala/secrets.env}) or per run (tests).
     * For tools and tests that must act as root; services get only their own user.
     */
    String mariadbRootPassword();

    /** Creates the databases (each with its own user and password) that do not exist yet. Needs MARIADB. */
    void ensureDatabases(Collection<String> databases);

    /** The databases provisioned so far. */
    List<String> databases();

    /** {@code jdbc:mariadb://127.0.0.1:<port>/<db>} (MariaDB Connector/J). */
    String jdbcUrl(String database);

    /** {@code jdbc:mysql://127.0.0.1:<port>/<db>} (MySQL Connector/J). */
    String mysqlJdbcUrl(String database);

    /** The database's own user (same name as the database), allowed on that database only, from 127.0.0.1 only. */
    String dbUser(String database);

    String dbPassword(String database);

    // ---- Neo4j ----

    /** {@code bolt://127.0.0.1:<port>}. */
    String neo4jBoltUri();

    /**
     * Authentication is disabled on the local Neo4j (which is why it listens on 127.0.0.1 only): any user/password
     * is accepted; these are what we hand out.
     */
    String neo4jUser();

    String neo4jPassword();

    // ---- Elasticsearch ----

    /** {@code http://127.0.0.1:<port>} (security off). */
    String elasticsearchUrl();

    // ---- Mail ----

    String smtpHost();

    int smtpPort();

    /** Base URL of the mail read API, e.g. {@code http://127.0.0.1:13080} ({@code GET /messages?to=...}). */
    String mailApiUrl();

    /** Reads what the SMTP server received. */
    MailReader mail();

    default Mailbox mailbox(String address) {
        return mail().mailbox(address);
    }

    // ---- S3Mock ----

    /**
     * {@code http://127.0.0.1:<port>} (path-style, bucket {@code lalala}, any credentials); the full client settings
     * are in {@link #springProperties()} as {@code lalala.blob.s3.*}.
     */
    String s3Endpoint();

    // ---- Spring / shell ----

    /**
     * Spring Boot properties for every running component, the datasource bound to the first database:
     * {@code spring.kafka.bootstrap-servers}, {@code spring.datasource.url/username/password},
     * {@code spring.neo4j.uri}, {@code spring.neo4j.authentication.username/password},
     * {@code spring.elasticsearch.uris}, {@code spring.mail.host/port}, plus raw {@code lalala.infra.*} keys.
     */
    default Map<String, String> springProperties() {
        return springProperties(components(), databases());
    }

    /** Spring Boot properties for the given components only; the datasource is bound to the first database. */
    Map<String, String> springProperties(Collection<Component> components, List<String> databases);

    /** Endpoints as environment variables ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, {@code LALALA_MARIADB_PORT}, ...). */
    Map<String, String> environment();
}
