package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "A completion for what the user is typing: the text that matched (a title, a name or a "
        + "handle), what it belongs to, and that item's title.")
public record Suggestion(String text, String type, String id, String title) {
}
