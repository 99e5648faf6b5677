-- The home page's newest songs, everyone's or one genre's: GET /api/tracks/latest walks these newest first.
CREATE INDEX ix_track_latest ON track (status, visibility, published_at, id);
CREATE INDEX ix_track_genre_latest ON track (genre, status, visibility, published_at, id);
