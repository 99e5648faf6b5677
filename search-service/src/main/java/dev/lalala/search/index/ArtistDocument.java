package dev.lalala.search.index;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user who publishes music, as the {@code artists} index keeps them (fed from user.events). Suggested by display
 * name and by handle.
 */
public record ArtistDocument(UUID id, String handle, String displayName, String avatarUrl, List<String> suggest) {

    public static ArtistDocument of(UUID id, String handle, String displayName, String avatarUrl) {
        List<String> suggest = new ArrayList<>();
        if (displayName != null && !displayName.isBlank()) {
            suggest.add(displayName);
        }
        if (handle != null && !handle.isBlank()) {
            suggest.add(handle);
        }
        return new ArtistDocument(id, handle, displayName, avatarUrl, List.copyOf(suggest));
    }
}
