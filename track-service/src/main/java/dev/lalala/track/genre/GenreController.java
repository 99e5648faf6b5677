package dev.lalala.track.genre;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Genres")
class GenreController {

    static final GenreList ALL = new GenreList(Arrays.stream(Genre.values())
            .map(g -> new GenreList.Item(g.id(), g.displayName()))
            .toList());

    @GetMapping(path = "/api/tracks/genres", produces = "application/json")
    @Operation(summary = "The genres a song can have", description = "A fixed list. Public.")
    @ApiResponse(responseCode = "200", description = "Every genre, in display order")
    ResponseEntity<GenreList> genres() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).body(ALL);
    }

    @Schema(description = "The genres")
    record GenreList(List<Item> items) {

        record Item(@Schema(description = "Stable id, used in URLs and with songs", example = "hip-hop") String id,
                @Schema(example = "Hip-Hop") String name) {
        }
    }
}
