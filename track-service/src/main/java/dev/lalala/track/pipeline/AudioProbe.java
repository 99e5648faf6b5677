package dev.lalala.track.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ffmpeg says a file is, from its header alone ({@code ffmpeg -i file}, no decoding): the container, whether it
 * has sound, and its video streams. Cover art inside an audio file is a video stream too, marked "attached pic":
 * that one is fine; any other picture track means the file is a video.
 */
public class AudioProbe {

    private static final Pattern INPUT_FORMAT = Pattern.compile("Input #0, ([^ ]+), from");
    private static final Pattern AUDIO_STREAM = Pattern.compile("Stream #0:\\d+[^:]*: Audio: ");
    private static final Pattern VIDEO_STREAM = Pattern.compile("(?m)^\\s*Stream #0:\\d+[^:]*: Video: (\\w+)(.*)$");

    /**
     * One probe.
     *
     * @param format ffmpeg's name of the container, or null when ffmpeg does not recognise the file
     * @param videoCodecs the codecs of the video streams that are not cover art
     * @param info ffmpeg's whole report (durations are read from it)
     */
    public record Result(String format, boolean hasAudio, List<String> videoCodecs, String info) {

        /** A film or clip: sound and a picture track that is not cover art. */
        public boolean isVideo() {
            return hasAudio && !videoCodecs.isEmpty();
        }
    }

    /** Why a video is refused, in the uploader's words. */
    public static String videoRefusal(Result probe) {
        return "This file is a video (it has a picture track, " + String.join(", ", probe.videoCodecs())
                + "). We publish sound only: upload the audio alone, exported as MP3, FLAC, WAV, OGG or M4A."
                + " Cover art inside an audio file is fine.";
    }

    private final Ffmpeg ffmpeg;

    public AudioProbe(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Probes a local file; empty when ffmpeg could not be run or timed out (the pipeline then decides). */
    public Optional<Result> probe(Path file) throws InterruptedException {
        try {
            return Optional.of(parse(ffmpeg.run(List.of("-i", file.toString()), null).stderr()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Result parse(String info) {
        Matcher input = INPUT_FORMAT.matcher(info);
        String format = input.find() ? input.group(1) : null;
        List<String> video = new ArrayList<>();
        Matcher m = VIDEO_STREAM.matcher(info);
        while (m.find()) {
            if (!m.group(2).contains("(attached pic)")) {
                video.add(m.group(1));
            }
        }
        return new Result(format, AUDIO_STREAM.matcher(info).find(), List.copyOf(video), info);
    }
}
