package dev.lalala.streaming.audio;

import dev.lalala.events.Visibility;
import dev.lalala.events.audio.TrackManifest;
import java.util.UUID;

/** Who may hear a track: public and unlisted tracks anyone with the id; private ones their owner only. */
public final class Access {

    private Access() {
    }

    /** {@code listener} is null for an anonymous HTTP caller. */
    public static boolean mayHear(TrackManifest manifest, UUID listener) {
        if (manifest.visibility() == Visibility.PRIVATE) {
            return manifest.ownerId() != null && manifest.ownerId().equals(listener);
        }
        return true;
    }
}
