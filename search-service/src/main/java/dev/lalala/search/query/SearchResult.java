package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "One hit, as a search result list shows it: what it is (track, artist, playlist), its id, a "
        + "title and a subtitle (a track's artist, an artist's @handle, a playlist's owner), an image when there is "
        + "one, and its relevance score.")
public record SearchResult(String type, String id, String title, String subtitle, String imageUrl, Double score) {
}
