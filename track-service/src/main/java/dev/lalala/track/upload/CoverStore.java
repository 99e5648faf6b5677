package dev.lalala.track.upload;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.track.TrackProperties;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.pipeline.Covers;
import dev.lalala.track.track.TrackEditing;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/** An uploaded cover: checked to be an image, resized, stored as {@code cover/{size}.jpg}. */
@Component
public class CoverStore implements TrackEditing.CoverImages {

    private final BlobStore blobs;
    private final TrackProperties properties;

    CoverStore(BlobStore blobs, TrackProperties properties) {
        this.blobs = blobs;
        this.properties = properties;
    }

    /** A new upload's cover (no row yet, nothing to lock); 400/413 problems when it is no image or too large. */
    public void store(UUID trackId, MultipartFile cover) throws IOException {
        Map<Integer, byte[]> sizes;
        try (InputStream in = cover.getInputStream()) {
            sizes = resize(in);
        }
        for (var size : sizes.entrySet()) {
            blobs.put(AudioLayout.coverKey(trackId, size.getKey()), size.getValue());
        }
    }

    @Override
    public Map<Integer, byte[]> resize(InputStream image) throws IOException {
        long max = properties.maxCoverSize().toBytes();
        byte[] bytes;
        try {
            bytes = new LimitedInputStream(image, max).readAllBytes();
        } catch (LimitedInputStream.LimitExceededException e) {
            throw ApiException.payloadTooLarge("Cover images may be at most " + max / (1024 * 1024) + " MB.");
        }
        Map<Integer, byte[]> sizes = Covers.resize(bytes);
        if (sizes.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                    "1 field is invalid").with("errors",
                    List.of(new FieldError("cover", "not an image we can read (JPEG, PNG, GIF or BMP)")));
        }
        return sizes;
    }
}
