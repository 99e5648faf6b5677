package dev.lalala.track.chart;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.track.genre.Genre;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Charts from the play counts: all time from {@code track.play_count}, the shorter windows from the hourly counts
 * in {@code track_play_hourly}. Only published public songs are ranked; songs without plays are not.
 */
@Repository
public class ChartRepository {

    private static final String ENTRY_COLUMNS =
            "t.id, t.owner_id, t.title, t.genre, t.duration_ms, t.published_at";

    private final JdbcClient jdbc;

    public ChartRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Chart.Entry> top(ChartWindow window, Genre genre, Instant now, int limit) {
        String genreFilter = genre == null ? "" : " AND t.genre = :genre";
        JdbcClient.StatementSpec statement;
        if (window.length().isEmpty()) {
            statement = jdbc.sql("SELECT " + ENTRY_COLUMNS + ", t.play_count AS plays FROM track t"
                    + " WHERE t.status = 'READY' AND t.visibility = 'PUBLIC' AND t.play_count > 0" + genreFilter
                    + " ORDER BY plays DESC, t.published_at DESC, t.id LIMIT :limit");
        } else {
            // Whole hours: the window reaches back to the start of the hour it begins in.
            Instant since = now.minus(window.length().get()).truncatedTo(ChronoUnit.HOURS);
            statement = jdbc.sql("SELECT " + ENTRY_COLUMNS + ", p.plays FROM ("
                            + "SELECT track_id, SUM(plays) AS plays FROM track_play_hourly"
                            + " WHERE hour_start >= :since GROUP BY track_id) p"
                            + " JOIN track t ON t.id = p.track_id"
                            + " WHERE t.status = 'READY' AND t.visibility = 'PUBLIC' AND p.plays > 0" + genreFilter
                            + " ORDER BY p.plays DESC, t.published_at DESC, t.id LIMIT :limit")
                    .param("since", utc(since));
        }
        if (genre != null) {
            statement = statement.param("genre", genre.id());
        }
        return statement.param("limit", limit).query((rs, n) -> new Chart.Entry(n + 1, rs.getLong("plays"),
                        UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("owner_id")),
                        rs.getString("title"), rs.getString("genre"), rs.getObject("duration_ms", Long.class),
                        instant(rs, "published_at")))
                .list();
    }
}
