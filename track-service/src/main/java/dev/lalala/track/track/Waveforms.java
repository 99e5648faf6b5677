package dev.lalala.track.track;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A waveform as stored in {@code track.waveform}: peaks 0..1 as a JSON array of numbers. */
public final class Waveforms {

    private Waveforms() {
    }

    public static String format(List<Double> peaks) {
        return peaks.stream().map(p -> Double.toString(p)).collect(Collectors.joining(",", "[", "]"));
    }

    public static List<Double> parse(String json) {
        if (json == null || json.length() < 2 || json.equals("[]")) {
            return List.of();
        }
        return Arrays.stream(json.substring(1, json.length() - 1).split(",")).map(String::strip)
                .map(Double::valueOf).toList();
    }
}
