package dev.lalala.search.query;

import dev.lalala.defaults.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Search over the catalogue: public for everyone; with a token, the caller's own private songs and playlists too. */
@RestController
@RequestMapping("/api/search")
@Tag(name = "search", description = "Search and as-you-type suggestions over songs, artists and playlists")
public class SearchController {

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping
    @Operation(summary = "Search songs, artists and playlists",
            description = "Korean (words inside compounds, particles ignored) and English (stems, one or two typos, "
                    + "prefixes), accents and punctuation folded. Exact title or name matches first, then text "
                    + "relevance weighed with popularity (verified plays, likes, followers) and freshness. Public "
                    + "items for everyone; the caller's own private and unlisted ones with a token.")
    @ApiResponse(responseCode = "200", description = "One page of hits, with facet counts on the first page")
    @ApiResponse(responseCode = "400", description = "q is empty, longer than 100 characters or 12 words, or has "
            + "control characters; type, genre, limit or cursor is invalid")
    public SearchResults search(
            @Parameter(description = "What to look for (plain text, never query syntax)", required = true)
            @RequestParam(required = false) String q,
            @Parameter(description = "What to look through (default all)",
                    schema = @Schema(allowableValues = {"track", "artist", "playlist", "all"}))
            @RequestParam(required = false) String type,
            @Parameter(description = "Only songs of this genre") @RequestParam(required = false) String genre,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor,
            @Parameter(description = "How many hits, 1..50 (default 20)") @RequestParam(required = false)
            Integer limit) {
        String text = SearchQueries.query(q);
        SearchScope scope = SearchScope.parse(type);
        return search.search(text, scope, SearchQueries.genre(genre), Viewer.current(),
                SearchQueries.limit(limit, SearchQueries.DEFAULT_SEARCH_LIMIT), SearchQueries.Cursor.parse(cursor));
    }

    @GetMapping("/suggest")
    @Operation(summary = "Complete what the user is typing",
            description = "Songs, artists and playlists whose names start with the typed words (each word a prefix, "
                    + "in Hangul or Latin letters), or match them with a typo; the most popular first.")
    @ApiResponse(responseCode = "200", description = "Completions, best first")
    @ApiResponse(responseCode = "400", description = "q is empty, too long or has control characters, or limit is "
            + "out of 1..50")
    public Suggestions suggest(
            @Parameter(description = "What the user typed so far", required = true) @RequestParam(required = false)
            String q,
            @Parameter(description = "How many completions, 1..50 (default 8)") @RequestParam(required = false)
            Integer limit) {
        String text = SearchQueries.query(q);
        return search.suggest(text, Viewer.current(), SearchQueries.limit(limit,
                SearchQueries.DEFAULT_SUGGEST_LIMIT));
    }
}
