package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Completions for what was typed so far, best first.")
public record Suggestions(String query, List<Item> items) {

    @Schema(description = "A song, artist or playlist whose name completes the input: text is its title or name.")
    public record Item(String type, String id, String text, String subtitle, String imageUrl) {
    }
}
