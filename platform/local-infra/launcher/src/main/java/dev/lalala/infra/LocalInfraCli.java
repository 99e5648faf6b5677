package dev.lalala.infra;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The local infrastructure from the command line (the {@code ./lalala} script calls this).
 *
 * <pre>
 * LocalInfraCli [--home DIR] [--base DIR] [--databases a,b,c] up [component...]   start (all by default); idempotent
 * LocalInfraCli [--home DIR] down [component...]                      stop (all by default)
 * LocalInfraCli [--home DIR] status                                   up/down, pid, ports, memory
 * LocalInfraCli [--home DIR] env [--export]                           endpoints as KEY=value lines
 * </pre>
 * {@code --home}: the checkout (default: found from -Dlalala.home, LALALA_HOME or the working directory);
 * {@code --base}: where data, logs and pid files go (default {@code <home>/.lalala}).
 * Components: kafka, mariadb, neo4j, elasticsearch (es), mail, s3mock (opt-in). Exit code 0 on success, 1 on failure, 2 on bad usage.
 */
public final class LocalInfraCli {

    private LocalInfraCli() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs a command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        Path home = null;
        Path base = null;
        List<String> databases = null;
        boolean export = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--home" -> {
                    if (++i >= args.length) {
                        return usage(err, "--home needs a folder");
                    }
                    home = Path.of(args[i]);
                }
                case "--base" -> {
                    if (++i >= args.length) {
                        return usage(err, "--base needs a folder");
                    }
                    base = Path.of(args[i]);
                }
                case "--databases" -> {
                    if (++i >= args.length) {
                        return usage(err, "--databases needs a list");
                    }
                    databases = Configuration.list(args[i]);
                }
                case "--export" -> export = true;
                case "-h", "--help", "help" -> {
                    usage(out, null);
                    return 0;
                }
                default -> rest.add(a);
            }
        }
        if (rest.isEmpty()) {
            return usage(err, "missing command");
        }
        String command = rest.removeFirst();
        Set<Component> components = EnumSet.noneOf(Component.class);
        try {
            for (String c : rest) {
                components.add(Component.parse(c));
            }
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        if (components.isEmpty()) {
            components = EnumSet.copyOf(Component.defaults());
        }
        try {
            Settings.Builder builder = Settings.localBuilder(home != null ? home : Home.find())
                    .log(m -> err.println("[local-infra] " + m));
            if (databases != null) {
                builder.databases(databases);
            }
            if (base != null) {
                builder.baseDir(base);
            }
            Settings settings = builder.build();
            switch (command) {
                case "up" -> {
                    LocalInfrastructure infra = LocalInfrastructure.create(settings);
                    infra.ensureStarted(components);
                    printStatus(infra, out);
                    return 0;
                }
                case "down" -> {
                    LocalInfrastructure infra = LocalInfrastructure.create(settings);
                    Set<Component> wasRunning = EnumSet.copyOf(components);
                    wasRunning.retainAll(infra.components());
                    if (wasRunning.isEmpty()) {
                        err.println("[local-infra] nothing to stop");
                    }
                    infra.stop(components);
                    List<Component> left = infra.status().stream()
                            .filter(s -> s.running() && wasRunning.contains(s.component()))
                            .map(ComponentStatus::component).toList();
                    if (!left.isEmpty()) {
                        err.println("could not stop " + left);
                        return 1;
                    }
                    return 0;
                }
                case "status" -> {
                    printStatus(LocalInfrastructure.create(settings), out);
                    return 0;
                }
                case "env" -> {
                    Map<String, String> env = LocalInfrastructure.create(settings).environment();
                    boolean exported = export;
                    env.forEach((k, v) -> out.println(exported ? "export " + k + "='" + v.replace("'", "'\\''") + "'" : k + "=" + v));
                    return 0;
                }
                default -> {
                    return usage(err, "unknown command '" + command + "'");
                }
            }
        } catch (InfrastructureException | IllegalArgumentException | IllegalStateException e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    static void printStatus(LocalInfrastructure infra, PrintStream out) {
        out.printf(Locale.ROOT, "%-14s %-6s %-8s %-14s %9s %8s  %s%n", "COMPONENT", "STATE", "PID", "PORTS", "RSS", "START", "LOG");
        for (ComponentStatus s : infra.status()) {
            String state = !s.running() ? "down" : s.healthy() ? "up" : "unhealthy";
            String ports = s.port() + (s.secondaryPort() > 0 ? "," + s.secondaryPort() : "");
            String rss = s.running() ? String.format(Locale.ROOT, "%d MB", s.rssKib() / 1024) : "-";
            String start = s.startDuration() == null || !s.running() ? "-"
                    : String.format(Locale.ROOT, "%.1f s", s.startDuration().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "%-14s %-6s %-8s %-14s %9s %8s  %s%n", s.component().id(), state,
                    s.running() ? Long.toString(s.pid()) : "-", ports, rss, start, s.log());
        }
    }

    private static int usage(PrintStream stream, String error) {
        if (error != null) {
            stream.println("ERROR: " + error);
        }
        stream.println("""
                usage: LocalInfraCli [--home DIR] [--base DIR] [--databases a,b] up [component...]
                       LocalInfraCli [--home DIR] [--base DIR] down [component...]
                       LocalInfraCli [--home DIR] [--base DIR] status
                       LocalInfraCli [--home DIR] [--base DIR] env [--export]
                components: kafka, mariadb, neo4j, elasticsearch (es), mail, s3mock (default: all but s3mock)
                ports: LALALA_<COMPONENT>_PORT (LALALA_KAFKA_CONTROLLER_PORT, LALALA_ELASTICSEARCH_TRANSPORT_PORT,
                       LALALA_MAIL_HTTP_PORT) or -Dlalala.<component>.port; data under <home>/.lalala""");
        return error == null ? 0 : 2;
    }
}
