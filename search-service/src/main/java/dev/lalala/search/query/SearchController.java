package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Public search over the catalogue. */
@RestController
@RequestMapping("/api/search")
@Tag(name = "search", description = "Search and as-you-type suggestions over songs, artists and playlists")
public class SearchController {

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping
    @Operation(summary = "Search songs, artists and public playlists",
            description = "Typo-tolerant: whole words match with a few typos, the last word also as a prefix.")
    @ApiResponse(responseCode = "200", description = "The best hits, most relevant first")
    @ApiResponse(responseCode = "400", description = "q is empty or longer than 100 characters, type is unknown, "
            + "or limit is out of 1..50")
    public SearchResults search(
            @Parameter(description = "What to look for", required = true) @RequestParam(required = false) String q,
            @Parameter(description = "What to look through (default all)",
                    schema = @Schema(allowableValues = {"tracks", "artists", "playlists", "all"}))
            @RequestParam(required = false) String type,
            @Parameter(description = "How many hits, 1..50 (default 20)") @RequestParam(required = false)
            Integer limit) {
        String text = SearchQueries.query(q);
        SearchScope scope = SearchScope.parse(type);
        int size = SearchQueries.limit(limit, SearchQueries.DEFAULT_SEARCH_LIMIT);
        return new SearchResults(text, scope.name().toLowerCase(java.util.Locale.ROOT),
                search.search(text, scope, size));
    }

    @GetMapping("/suggest")
    @Operation(summary = "Complete what the user is typing",
            description = "Titles of songs, names and handles of artists and names of playlists that start with q "
                    + "(one typo forgiven once q has four characters).")
    @ApiResponse(responseCode = "200", description = "Completions, best first")
    @ApiResponse(responseCode = "400", description = "q is empty or longer than 100 characters, or limit is out "
            + "of 1..50")
    public Suggestions suggest(
            @Parameter(description = "What the user typed so far", required = true) @RequestParam(required = false)
            String q,
            @Parameter(description = "How many completions, 1..50 (default 10)") @RequestParam(required = false)
            Integer limit) {
        String text = SearchQueries.query(q);
        return new Suggestions(text, search.suggest(text, SearchQueries.limit(limit,
                SearchQueries.DEFAULT_SUGGEST_LIMIT)));
    }
}
