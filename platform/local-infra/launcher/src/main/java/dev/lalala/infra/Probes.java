package dev.lalala.infra;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Health checks through each component's real protocol, with nothing but the JDK. */
final class Probes {

    static final String HOST = "127.0.0.1";
    private static final int TIMEOUT_MS = 2000;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Probes() {
    }

    static HttpClient http() {
        return HTTP;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(HOST, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    static boolean tcp(int port) {
        try (Socket ignored = connect(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether nothing listens on the port (a bind on loopback succeeds). */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            return false;
        }
        return !tcp(port);
    }

    /** MySQL protocol: the server greeting is protocol version 10. */
    static boolean mariadb(int port) {
        try (Socket s = connect(port)) {
            InputStream in = s.getInputStream();
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                return false;
            }
            int protocol = in.read();
            return protocol == 10;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kafka protocol: ApiVersions v0 answered without error. */
    static boolean kafka(int port) {
        try (Socket s = connect(port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] clientId = "lalala-probe".getBytes(StandardCharsets.UTF_8);
            int correlationId = 0x1a1a1a;
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18); // ApiVersions
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            if (size < 6) {
                return false;
            }
            return in.readInt() == correlationId && in.readShort() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bolt: the handshake agrees on a protocol version. */
    static boolean bolt(int port) {
        try (Socket s = connect(port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(0x6060B017);
            out.writeInt(0x000001FF); // manifest negotiation (Bolt 5.7+)
            out.writeInt(0x00080805); // 5.8 down to 5.0
            out.writeInt(0x00000404); // 4.4
            out.writeInt(0x00000006); // 6.0
            out.flush();
            int version = new DataInputStream(s.getInputStream()).readInt();
            return version != 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** SMTP: a 220 greeting. */
    static boolean smtp(int port) {
        try (Socket s = connect(port)) {
            byte[] greeting = s.getInputStream().readNBytes(3);
            boolean ok = new String(greeting, StandardCharsets.US_ASCII).equals("220");
            try {
                s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // fine
            }
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    /** HTTP GET, returns the body on 2xx, else null. */
    static String httpGet(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Elasticsearch: cluster health green or yellow. */
    static boolean elasticsearch(int port) {
        String body = httpGet("http://" + HOST + ":" + port + "/_cluster/health");
        return body != null && (body.contains("\"status\":\"green\"") || body.contains("\"status\":\"yellow\""));
    }
}
