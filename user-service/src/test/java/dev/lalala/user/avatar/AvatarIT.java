package dev.lalala.user.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.user.UserServiceTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Avatars over HTTP: the happy path, every bad input, and other people's avatars. */
class AvatarIT extends UserServiceTest {

    @Test
    void anUploadedPngIsServedAtEachSize() throws Exception {
        UUID mina = newUser("mina");
        JsonNode profile = json(put(mina, "/api/users/me/avatar", "image/png", TestImages.png(900, 600)), 200);
        assertThat(profile.path("avatarUrl").asString()).isEqualTo("/api/users/" + mina + "/avatar");

        Path folder = avatarFolder(mina);
        assertThat(filesUnder(folder)).extracting(p -> p.getFileName().toString())
                .containsExactly("256.jpg", "512.jpg", "64.jpg");

        for (int size : List.of(64, 256, 512)) {
            HttpResponse<byte[]> image = getBytes("/api/users/" + mina + "/avatar?size=" + size, null);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
            assertThat(decoded.getWidth()).isEqualTo(size);
            assertThat(decoded.getHeight()).isEqualTo(size);
            assertThat(image.body()).isEqualTo(Files.readAllBytes(folder.resolve(size + ".jpg")));
        }

        // Default size, caching headers, and a revalidation answered 304.
        HttpResponse<byte[]> first = getBytes("/api/users/" + mina + "/avatar", null);
        assertThat(ImageIO.read(new ByteArrayInputStream(first.body())).getWidth()).isEqualTo(256);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(
                c -> assertThat(c).contains("max-age=300").contains("public"));
        HttpResponse<byte[]> again = getBytes("/api/users/" + mina + "/avatar", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        // The public profile points at it, and the change was announced.
        assertThat(json(get("/api/users/" + mina), 200).path("avatarUrl").asString())
                .isEqualTo("/api/users/" + mina + "/avatar");
        assertThat(profileUpdates(mina)).singleElement().satisfies(e ->
                assertThat(e.path("payload").path("avatarUrl").asString()).isEqualTo("/api/users/" + mina + "/avatar"));

        // A new avatar replaces the old one: new ETag, same three files, no temporary files left.
        json(put(mina, "/api/users/me/avatar", "image/jpeg", TestImages.jpeg(700, 700)), 200);
        assertThat(getBytes("/api/users/" + mina + "/avatar", etag).statusCode()).isEqualTo(200);
        assertThat(filesUnder(folder)).hasSize(3);
    }

    @Test
    void aMultipartFilePartIsAcceptedToo() throws Exception {
        UUID mina = newUser("mina");
        String boundary = "lalala-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"me.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(TestImages.png(400, 400));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        json(put(mina, "/api/users/me/avatar", "multipart/form-data; boundary=" + boundary, body.toByteArray()), 200);
        assertThat(filesUnder(avatarFolder(mina))).hasSize(3);
    }

    @Test
    void badUploadsAreClearProblemsAndLeaveNothingOnDisk() throws Exception {
        UUID mina = newUser("mina");
        byte[] text = "just some text, renamed to avatar.png\n".repeat(20).getBytes(StandardCharsets.UTF_8);

        assertThat(problem(put(mina, "/api/users/me/avatar", "image/png", text), 415).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/unsupported-media-type");
        assertThat(problem(put(mina, "/api/users/me/avatar", "image/png",
                TestImages.truncated(TestImages.png(400, 400), 0.4)), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-image");
        assertThat(problem(put(mina, "/api/users/me/avatar", "image/jpeg",
                TestImages.truncated(TestImages.jpeg(400, 400), 0.4)), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-image");
        assertThat(problem(put(mina, "/api/users/me/avatar", "image/png", TestImages.pngClaiming(50_000, 50_000)), 400)
                .path("type").asString()).isEqualTo("https://lalala.dev/problems/image-dimensions");
        assertThat(problem(put(mina, "/api/users/me/avatar", "image/png", new byte[0]), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-image");

        // 5 MB and one byte: refused from its Content-Length.
        JsonNode tooLarge = problem(put(mina, "/api/users/me/avatar", "image/png", new byte[5 * 1024 * 1024 + 1]), 413);
        assertThat(tooLarge.path("type").asString()).isEqualTo("https://lalala.dev/problems/payload-too-large");

        // Streamed without a Content-Length (chunked): refused once the sixth megabyte starts arriving.
        byte[] big = new byte[5 * 1024 * 1024 + 512 * 1024];
        System.arraycopy(TestImages.png(64, 64), 0, big, 0, TestImages.png(64, 64).length);
        HttpResponse<String> streamed = HTTP.send(HttpRequest.newBuilder(uri("/api/users/me/avatar"))
                .header("Authorization", bearer(mina)).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.request().headers().firstValue("Content-Length")).isEmpty();
        assertThat(problem(streamed, 413).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/payload-too-large");

        assertThat(filesUnder(avatarFolder(mina))).isEmpty();
        assertThat(json(get("/api/users/" + mina), 200).has("avatarUrl")).isFalse();
        assertThat(profileUpdates(mina)).isEmpty();
        problem(get("/api/users/" + mina + "/avatar"), 404);
        assertThat(errorFields(problem(get("/api/users/" + mina + "/avatar?size=100"), 400))).containsExactly("size");
    }

    @Test
    void aUserCannotChangeSomeoneElsesAvatar() throws Exception {
        UUID mina = newUser("mina");
        UUID mallory = newUser("mallory");
        json(put(mina, "/api/users/me/avatar", "image/png", TestImages.png(300, 300)), 200);
        byte[] before = Files.readAllBytes(avatarFolder(mina).resolve("256.jpg"));

        assertThat(problem(put(mallory, "/api/users/" + mina + "/avatar", "image/png", TestImages.png(300, 300)), 403)
                .path("type").asString()).isEqualTo("https://lalala.dev/problems/forbidden");
        HttpResponse<String> delete = delete(mallory, "/api/users/" + mina + "/avatar");
        problem(delete, 403);

        assertThat(Files.readAllBytes(avatarFolder(mina).resolve("256.jpg"))).isEqualTo(before);
        assertThat(filesUnder(avatarFolder(mallory))).isEmpty();
        // Without any token: 401.
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("/api/users/me/avatar"))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(64, 64)))
                .build(), HttpResponse.BodyHandlers.ofString());
        problem(anonymous, 401);
    }

    @Test
    void deletingTheAvatarRemovesItsFiles() throws Exception {
        UUID mina = newUser("mina");
        json(put(mina, "/api/users/me/avatar", "image/png", TestImages.png(300, 300)), 200);

        assertThat(delete(mina, "/api/users/me/avatar").statusCode()).isEqualTo(204);
        assertThat(filesUnder(avatarFolder(mina))).isEmpty();
        problem(get("/api/users/" + mina + "/avatar"), 404);
        assertThat(json(get("/api/users/" + mina), 200).has("avatarUrl")).isFalse();
        assertThat(profileUpdates(mina)).hasSize(2);
        assertThat(profileUpdates(mina).get(1).path("payload").has("avatarUrl")).isFalse();

        // Again: still 204, nothing more announced.
        assertThat(delete(mina, "/api/users/me/avatar").statusCode()).isEqualTo(204);
        assertThat(profileUpdates(mina)).hasSize(2);
    }

    private Path avatarFolder(UUID user) {
        return BLOBS.resolve("users/" + user + "/avatar");
    }

    private HttpResponse<String> put(UUID user, String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(user))
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(UUID user, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(user)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
