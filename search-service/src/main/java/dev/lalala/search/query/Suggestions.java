package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Completions for a prefix, best first (at most limit).")
public record Suggestions(String query, List<Suggestion> items) {
}
