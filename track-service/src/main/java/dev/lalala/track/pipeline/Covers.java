package dev.lalala.track.pipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** A cover image (JPEG, PNG, GIF, BMP), resized to square JPEGs of the sizes players use. */
public final class Covers {

    /** Sizes in pixels, each stored as {@code cover/{size}.jpg}. */
    public static final List<Integer> SIZES = List.of(300, 1200);

    /** Images with more pixels than this are refused before decoding them (a tiny file can claim huge sizes). */
    private static final long MAX_PIXELS = 40_000_000L;

    private Covers() {
    }

    /** @return size to JPEG bytes; empty when the bytes are not an image we can read */
    public static Map<Integer, byte[]> resize(byte[] image) throws IOException {
        BufferedImage source;
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            var readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                return Map.of();
            }
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                    return Map.of();
                }
                source = reader.read(0);
            } catch (IOException | RuntimeException e) {
                return Map.of();
            } finally {
                reader.dispose();
            }
        }
        if (source == null || source.getWidth() < 1 || source.getHeight() < 1) {
            return Map.of();
        }
        Map<Integer, byte[]> sizes = new LinkedHashMap<>();
        for (int size : SIZES) {
            sizes.put(size, jpeg(squared(source, size)));
        }
        return sizes;
    }

    /** Centre-cropped to a square, scaled to {@code size}. */
    private static BufferedImage squared(BufferedImage source, int size) {
        int side = Math.min(source.getWidth(), source.getHeight());
        int x = (source.getWidth() - side) / 2;
        int y = (source.getHeight() - side) / 2;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, size, size, x, y, x + side, y + side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
