package dev.lalala.streaming.segment;

import java.util.UUID;

/**
 * Where a track's audio lives in the blob store. track-service writes this layout, streaming-service reads it:
 * <pre>
 * tracks/{trackId}/track.flac                  the whole song as one FLAC
 * tracks/{trackId}/segments/{index}.flac       segment {index}, zero-padded to 5 digits: 00000.flac, 00001.flac, ...
 * </pre>
 * Each segment is a complete FLAC file of an exact number of samples (5 s by default) that decodes on its own.
 */
public final class SegmentLayout {

    /** The highest index five digits can name: about 5.8 days of audio at 5 s per segment. */
    public static final int MAX_INDEX = 99_999;

    private SegmentLayout() {
    }

    public static String trackKey(UUID trackId) {
        return "tracks/" + trackId + "/track.flac";
    }

    public static String segmentKey(UUID trackId, int index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("segment index out of 0.." + MAX_INDEX + ": " + index);
        }
        return "tracks/%s/segments/%05d.flac".formatted(trackId, index);
    }
}
