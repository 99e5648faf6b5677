package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.infra.test.LocalInfra;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** S3Mock as a component: an S3 API on loopback with the bucket the blob store expects, and its Spring properties. */
@LocalInfra(Component.S3MOCK)
class S3MockIT {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersTheS3ApiWithTheLalalaBucket(Infrastructure infra) throws Exception {
        String endpoint = infra.s3Endpoint();
        assertThat(endpoint).startsWith("http://127.0.0.1:");
        HttpResponse<String> buckets = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(buckets.statusCode()).isEqualTo(200);
        assertThat(buckets.body()).contains("<Name>lalala</Name>");

        // S3Mock checks no signature: a plain PUT and GET of an object.
        String object = endpoint + "/lalala/s3mock-it/" + System.nanoTime();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(object)).PUT(HttpRequest.BodyPublishers.ofString("안녕"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(object)).build(), HttpResponse.BodyHandlers.ofString())
                .body()).isEqualTo("안녕");
    }

    @Test
    void givesSpringTheBlobStoreSettings(Infrastructure infra) {
        Map<String, String> p = infra.springProperties();
        assertThat(p).containsEntry("lalala.blob.store", "s3")
                .containsEntry("lalala.blob.s3.endpoint", infra.s3Endpoint())
                .containsEntry("lalala.blob.s3.bucket", "lalala")
                .containsEntry("lalala.blob.s3.path-style", "true")
                .containsKeys("lalala.blob.s3.access-key", "lalala.blob.s3.secret-key", "lalala.blob.s3.region");
        assertThat(infra.environment()).containsEntry("LALALA_BLOB_S3_ENDPOINT", infra.s3Endpoint())
                .doesNotContainKey("LALALA_BLOB_STORE");
    }

    @Test
    void listensOnLoopbackOnly(Infrastructure infra) throws Exception {
        int port = URI.create(infra.s3Endpoint()).getPort();
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> !isLoopback(i))
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address)
                .findFirst();
        assertThat(outside).as("a non-loopback address to try").isPresent();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(outside.get(), port), 2000);
            }
        }).isInstanceOf(IOException.class);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback() || !i.isUp();
        } catch (IOException e) {
            return true;
        }
    }
}
