package dev.lalala.track.pipeline;

import java.io.File;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;
import org.jaudiotagger.tag.images.Artwork;

/**
 * What the file's own tags say (ID3, Vorbis comments, MP4 atoms), used as defaults: a title when the uploader
 * gave none, album art when no cover was uploaded. Unreadable tags are simply absent: they never fail a track.
 */
public record SourceTags(String title, String artist, String album, byte[] artwork) {

    public static final SourceTags NONE = new SourceTags(null, null, null, null);

    static {
        // jaudiotagger logs every oddity of every file at INFO and WARNING.
        Logger.getLogger("org.jaudiotagger").setLevel(Level.SEVERE);
    }

    /** @param extension what the container is (mp3, flac, ogg, m4a, wav), from ffmpeg's probe, not the name */
    public static SourceTags read(File file, String extension) {
        if (extension == null) {
            return NONE;
        }
        try {
            AudioFile audio = AudioFileIO.readAs(file, extension);
            Tag tag = audio.getTag();
            if (tag == null) {
                return NONE;
            }
            Artwork art = tag.getFirstArtwork();
            return new SourceTags(field(tag, FieldKey.TITLE), field(tag, FieldKey.ARTIST), field(tag, FieldKey.ALBUM),
                    art == null ? null : art.getBinaryData());
        } catch (Exception | LinkageError e) {
            return NONE;
        }
    }

    private static String field(Tag tag, FieldKey key) {
        try {
            String value = tag.getFirst(key);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
