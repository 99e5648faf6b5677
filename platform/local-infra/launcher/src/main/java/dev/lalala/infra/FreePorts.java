package dev.lalala.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for processes started later (test infrastructure, test fleets). A port chosen now is bound by
 * another process seconds later; if it came from the kernel's ephemeral range (what binding port 0 gives), any
 * outgoing connection of any process may be handed that very port in between, and the start fails with "port in
 * use". So ports are drawn from below that range (20000 up to its start), where the kernel never assigns them by
 * itself, above the launcher's fixed defaults (13xxx to 19xxx); each at most once per JVM.
 */
public final class FreePorts {

    static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A port nothing listens on now, not handed out before by this JVM. */
    public static int next() {
        int highest = ephemeralRangeStart() - 1;
        if (highest - LOWEST >= 1_000) {
            int port = next(LOWEST, highest);
            if (port > 0) {
                return port;
            }
        }
        // An unusual kernel range, or nothing free below it: fall back to what the kernel gives.
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(Probes.HOST, 0));
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new InfrastructureException("cannot find a free port: " + e, e);
            }
        }
        throw new InfrastructureException("cannot find a free port");
    }

    /** A free port of {@code lowest..highest} not handed out before, tried at random; 0 when none was found. */
    static int next(int lowest, int highest) {
        int tries = Math.max(500, 4 * (highest - lowest + 1));
        for (int attempt = 0; attempt < tries; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(lowest, highest + 1);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        return 0;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(Probes.HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of /proc/sys/net/ipv4/ip_local_port_range (Linux); 32768, the usual one, elsewhere. */
    static int ephemeralRangeStart() {
        try {
            // Line by line: Files.readString trusts the size /proc reports and reads a single character here.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
