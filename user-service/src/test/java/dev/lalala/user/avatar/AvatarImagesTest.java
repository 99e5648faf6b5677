package dev.lalala.user.avatar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.problem.ApiException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AvatarImagesTest {

    final AvatarImages images = new AvatarImages(new AvatarProperties());

    @Test
    void aPngBecomesSquareJpegsOfEachSize() throws IOException {
        Map<Integer, byte[]> out = images.process(TestImages.png(800, 600));

        assertThat(out).containsOnlyKeys(64, 256, 512);
        for (Map.Entry<Integer, byte[]> size : out.entrySet()) {
            assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getOriginatingProvider()
                    .canDecodeInput(ImageIO.createImageInputStream(new ByteArrayInputStream(size.getValue()))))
                    .as("size %d is a JPEG", size.getKey()).isTrue();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(size.getValue()));
            assertThat(decoded.getWidth()).isEqualTo(size.getKey());
            assertThat(decoded.getHeight()).isEqualTo(size.getKey());
        }
    }

    @Test
    void theCropIsTheCentreSquare() throws IOException {
        // 1000 x 400, left half red and right half blue: the centre 400 x 400 square is half red, half blue.
        // A crop from the left edge would be all red.
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(images.process(TestImages.jpeg(1000, 400)).get(256)));
        int left = out.getRGB(32, 128);
        int right = out.getRGB(224, 128);
        assertThat(red(left)).isGreaterThan(200);
        assertThat(blue(left)).isLessThan(60);
        assertThat(blue(right)).isGreaterThan(200);
        assertThat(red(right)).isLessThan(60);
    }

    @Test
    void aLargePhotoIsSubsampledNotRefused() throws IOException {
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(images.process(TestImages.jpeg(4000, 3000)).get(512)));
        assertThat(out.getWidth()).isEqualTo(512);
    }

    @Test
    void aWebpIsDecodedWithThePureJavaReader() throws IOException {
        AvatarProperties small = new AvatarProperties();
        small.setMinSide(8);
        byte[] webp;
        try (InputStream in = getClass().getResourceAsStream("/images/python-16.webp")) {
            webp = in.readAllBytes();
        }
        Map<Integer, byte[]> out = new AvatarImages(small).process(webp);
        assertThat(ImageIO.read(new ByteArrayInputStream(out.get(64))).getWidth()).isEqualTo(64);
    }

    @Test
    void textRenamedToPngIsNotAnImage() {
        byte[] text = "hello, I am definitely a PNG\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        assertProblem(() -> images.process(text), 415, "unsupported-media-type");
    }

    @Test
    void otherImageFormatsAreRefused() {
        assertProblem(() -> images.process(TestImages.encode(TestImages.halves(64, 64), "gif")), 415,
                "unsupported-media-type");
        assertProblem(() -> images.process(TestImages.encode(TestImages.halves(64, 64), "bmp")), 415,
                "unsupported-media-type");
    }

    @Test
    void truncatedImagesAreRefused() {
        assertProblem(() -> images.process(TestImages.truncated(TestImages.png(300, 300), 0.5)), 400, "invalid-image");
        assertProblem(() -> images.process(TestImages.truncated(TestImages.jpeg(300, 300), 0.5)), 400, "invalid-image");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertProblem(() -> images.process(new byte[0]), 400, "invalid-image");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() {
        // 60,000 x 60,000 pixels would need 14 GB decoded; the file is 70 bytes.
        byte[] bomb = TestImages.pngClaiming(60_000, 60_000);
        assertThat(bomb.length).isLessThan(100);
        ApiException e = assertProblem(() -> images.process(bomb), 400, "image-dimensions");
        assertThat(e.properties()).containsEntry("width", 60_000).containsEntry("height", 60_000);

        // Within each side's limit, but too many pixels in all.
        assertProblem(() -> images.process(TestImages.pngClaiming(8000, 8000)), 400, "image-dimensions");
    }

    @Test
    void tinyImagesAreRefused() {
        assertProblem(() -> images.process(TestImages.png(16, 200)), 400, "image-dimensions");
    }

    @Test
    void onlyAFewDecodesRunAtOnceAndTheRestAreToldToComeBack() {
        AvatarProperties one = new AvatarProperties();
        one.setMaxConcurrentDecodes(1);
        one.setDecodeWait(java.time.Duration.ofMillis(200));
        AvatarImages limited = new AvatarImages(one);
        byte[] png = TestImages.png(100, 100);

        assertThat(limited.decodePermits().tryAcquire()).isTrue(); // another upload is being decoded
        ApiException busy = assertProblem(() -> limited.process(png), 503, "service-unavailable");
        assertThat(busy.properties()).containsEntry("retryAfterSeconds", 5);

        limited.decodePermits().release();
        assertThat(limited.process(png)).containsOnlyKeys(64, 256, 512);
        assertThat(limited.decodePermits().availablePermits()).isEqualTo(1); // released after success...
        assertProblem(() -> limited.process(TestImages.truncated(png, 0.5)), 400, "invalid-image");
        assertThat(limited.decodePermits().availablePermits()).isEqualTo(1); // ...and after a refusal
    }

    private static ApiException assertProblem(Runnable call, int status, String slug) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(ApiException.class);
        ApiException e = (ApiException) thrown;
        assertThat(e.status().value()).as(e.getMessage()).isEqualTo(status);
        assertThat(e.type().toString()).isEqualTo("https://lalala.dev/problems/" + slug);
        return e;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }
}
