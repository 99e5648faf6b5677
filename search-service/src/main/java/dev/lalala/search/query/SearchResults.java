package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "The best hits for a query, most relevant first (at most limit).")
public record SearchResults(String query, String type, List<SearchResult> items) {
}
