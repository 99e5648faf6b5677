package dev.lalala.events.audio;

import java.util.UUID;

/**
 * Where a track's files live in the blob store. track-service writes this layout once, at upload;
 * streaming-service only reads it. Keys are {@code /}-separated paths relative to the store's root.
 * <pre>
 * tracks/{trackId}/original                    the upload as received (kept for reprocessing)
 * tracks/{trackId}/manifest.json               {@link TrackManifest}: what a player and streaming-service need
 * tracks/{trackId}/track.flac                  the whole song as one FLAC
 * tracks/{trackId}/segments/{index}.flac       segment {index}, zero-padded to 5 digits: 00000.flac, 00001.flac, ...
 * tracks/{trackId}/cover/{size}.jpg            the cover, resized
 * </pre>
 * Each segment is a complete FLAC file of an exact number of samples (5 s by default) that decodes on its own.
 */
public final class AudioLayout {

    /** The highest index five digits can name: about 5.8 days of audio at 5 s per segment. */
    public static final int MAX_SEGMENT_INDEX = 99_999;

    private AudioLayout() {
    }

    /** The folder holding everything of one track: deleting it deletes the track's blobs. */
    public static String trackPrefix(UUID trackId) {
        return "tracks/" + trackId + "/";
    }

    public static String originalKey(UUID trackId) {
        return trackPrefix(trackId) + "original";
    }

    public static String manifestKey(UUID trackId) {
        return trackPrefix(trackId) + "manifest.json";
    }

    public static String wholeTrackKey(UUID trackId) {
        return trackPrefix(trackId) + "track.flac";
    }

    public static String segmentKey(UUID trackId, int index) {
        if (index < 0 || index > MAX_SEGMENT_INDEX) {
            throw new IllegalArgumentException("segment index out of 0.." + MAX_SEGMENT_INDEX + ": " + index);
        }
        return "%ssegments/%05d.flac".formatted(trackPrefix(trackId), index);
    }

    public static String coverKey(UUID trackId, int size) {
        return trackPrefix(trackId) + "cover/" + size + ".jpg";
    }
}
