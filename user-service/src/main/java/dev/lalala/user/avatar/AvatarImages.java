package dev.lalala.user.avatar;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.http.HttpStatus;

/**
 * Turns an uploaded file into the avatar's square JPEGs, or refuses it. The format is recognised from the bytes
 * (never from a file name or Content-Type); the dimensions are read from the header and checked before any pixel is
 * decoded, so a small file that claims to be a gigapixel image costs nothing; the decode itself reads only the
 * centred square and skips rows and columns (subsampling) when the image is far larger than the biggest size, so
 * memory stays bounded by the output, not the input. Any error or warning while decoding (a truncated file) refuses it.
 */
public final class AvatarImages {

    /** What ImageIO calls the formats accepted: the JDK's JPEG and PNG readers, TwelveMonkeys' WebP reader. */
    static final Set<String> FORMATS = Set.of("jpeg", "png", "webp");

    private static final float JPEG_QUALITY = 0.88f;

    private final AvatarProperties limits;
    /** Decoding is the memory- and CPU-heavy part: only a few at once, whatever the number of request threads. */
    private final Semaphore decodes;

    public AvatarImages(AvatarProperties limits) {
        this.limits = limits;
        this.decodes = new Semaphore(limits.getMaxConcurrentDecodes(), true);
    }

    /** The avatar at each configured size, as JPEG bytes, in the order of the sizes. */
    public Map<Integer, byte[]> process(byte[] upload) {
        if (upload.length == 0) {
            throw ApiException.badRequest("invalid-image", "The request has no image in it.");
        }
        acquire();
        try {
            BufferedImage square = decodeSquare(upload);
            Map<Integer, byte[]> out = new LinkedHashMap<>();
            for (int size : limits.getSizes()) {
                out.put(size, jpeg(resize(square, size)));
            }
            return out;
        } finally {
            decodes.release();
        }
    }

    private void acquire() {
        try {
            if (decodes.tryAcquire(limits.getDecodeWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE, "Busy",
                "Too many avatars are being processed right now; try again in a few seconds.")
                .with("retryAfterSeconds", 5);
    }

    /** For tests: the permits that bound concurrent decodes. */
    Semaphore decodePermits() {
        return decodes;
    }

    private BufferedImage decodeSquare(byte[] upload) {
        ImageReader reader = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            reader = readerFor(in);
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);

            int side = Math.min(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle((width - side) / 2, (height - side) / 2, side, side));
            // Keep at least twice the largest output size, for a clean downscale.
            int step = Math.max(1, side / (2 * largestSize()));
            param.setSourceSubsampling(step, step, 0, 0);

            AtomicReference<String> warning = new AtomicReference<>();
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader source, String message) {
                    warning.compareAndSet(null, message);
                }
            });
            BufferedImage image = reader.read(0, param);
            if (warning.get() != null) {
                // The JDK's JPEG reader fills a truncated file with grey and only warns ("Premature end of JPEG file").
                throw invalid("The image is damaged or incomplete: " + warning.get());
            }
            return image;
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw invalid("The image could not be decoded; it may be damaged or incomplete.");
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private ImageReader readerFor(ImageInputStream in) {
        if (in == null) {
            throw invalid("The image could not be read.");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String[] names = reader.getOriginatingProvider().getFormatNames();
            if (Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).anyMatch(FORMATS::contains)) {
                return reader;
            }
            reader.dispose();
        }
        throw ApiException.unsupportedMediaType("An avatar must be a JPEG, PNG or WebP image.");
    }

    private void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw invalid("The image has no pixels.");
        }
        if (width > limits.getMaxSide() || height > limits.getMaxSide()
                || (long) width * height > limits.getMaxPixels()) {
            throw ApiException.badRequest("image-dimensions",
                            "The image is %d x %d pixels; at most %d pixels a side and %d in all are accepted."
                                    .formatted(width, height, limits.getMaxSide(), limits.getMaxPixels()))
                    .with("width", width).with("height", height);
        }
        if (Math.min(width, height) < limits.getMinSide()) {
            throw ApiException.badRequest("image-dimensions",
                            "The image is %d x %d pixels; both sides must be at least %d."
                                    .formatted(width, height, limits.getMinSide()))
                    .with("width", width).with("height", height);
        }
    }

    private int largestSize() {
        return limits.getSizes().stream().mapToInt(Integer::intValue).max().orElse(512);
    }

    /** Halves while more than twice too big (bilinear halving keeps detail), then one bicubic step to the size. */
    static BufferedImage resize(BufferedImage source, int size) {
        BufferedImage current = opaque(source);
        int side = current.getWidth();
        while (side / 2 >= size) {
            side /= 2;
            current = scale(current, side, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return current.getWidth() == size && current.getHeight() == size
                ? current
                : scale(current, size, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage scale(BufferedImage source, int size, Object interpolation) {
        BufferedImage target = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** JPEG has no alpha: transparent pixels become white, as avatars are shown on a light background. */
    private static BufferedImage opaque(BufferedImage source) {
        int side = Math.min(source.getWidth(), source.getHeight());
        BufferedImage target = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, side, side);
            g.drawImage(source, 0, 0, side, side, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    private static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ApiException invalid(String detail) {
        return ApiException.badRequest("invalid-image", detail);
    }

    /** The sizes a client may ask for. */
    public List<Integer> sizes() {
        return limits.getSizes();
    }
}
