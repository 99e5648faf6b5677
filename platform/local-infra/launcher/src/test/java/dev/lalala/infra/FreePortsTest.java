package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreBindableDistinctAndOutsideTheEphemeralRange() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertThat(ports.add(port)).as("handed out twice: %d", port).isTrue();
            assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.ephemeralRangeStart() - 1);
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", ports.iterator().next()));
            assertThat(s.isBound()).isTrue();
        }
    }

    @Test
    void aPortInUseIsNeverHandedOut() throws Exception {
        // Five ports nobody asked this JVM for; four taken by another socket: only the fifth can come back.
        int lowest = 31_000 + new java.util.Random().nextInt(1_000);
        List<ServerSocket> taken = new ArrayList<>();
        try {
            for (int port = lowest; port < lowest + 4; port++) {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", port));
                taken.add(s);
            }
            assertThat(FreePorts.next(lowest, lowest + 4)).isEqualTo(lowest + 4);
            // ...once: then none is left.
            assertThat(FreePorts.next(lowest, lowest + 4)).isZero();
        } finally {
            for (ServerSocket s : taken) {
                s.close();
            }
        }
    }
}
