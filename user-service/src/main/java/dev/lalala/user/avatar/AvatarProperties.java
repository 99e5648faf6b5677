package dev.lalala.user.avatar;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits and output of avatar uploads ({@code lalala.avatars.*}). */
@ConfigurationProperties("lalala.avatars")
public class AvatarProperties {

    /** The largest upload accepted; a bigger one is refused (413) as soon as the limit is crossed. */
    private DataSize maxSize = DataSize.ofMegabytes(5);

    /** Longest side of an image, read from its header before any pixel is decoded (decompression bombs). */
    private int maxSide = 8192;

    /** Most pixels (width x height) of an image, also checked from the header. */
    private long maxPixels = 40_000_000L;

    /** Shortest side accepted: smaller images would only be blown up. */
    private int minSide = 32;

    /** Uploads decoded at once; more wait up to {@link #decodeWait}, then get 503 (bounds memory and CPU). */
    private int maxConcurrentDecodes = 2;

    private java.time.Duration decodeWait = java.time.Duration.ofSeconds(10);

    /** The square sizes made of every avatar, in pixels. */
    private List<Integer> sizes = List.of(64, 256, 512);

    public DataSize getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    public int getMaxSide() {
        return maxSide;
    }

    public void setMaxSide(int maxSide) {
        this.maxSide = maxSide;
    }

    public long getMaxPixels() {
        return maxPixels;
    }

    public void setMaxPixels(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public int getMinSide() {
        return minSide;
    }

    public void setMinSide(int minSide) {
        this.minSide = minSide;
    }

    public int getMaxConcurrentDecodes() {
        return maxConcurrentDecodes;
    }

    public void setMaxConcurrentDecodes(int maxConcurrentDecodes) {
        this.maxConcurrentDecodes = maxConcurrentDecodes;
    }

    public java.time.Duration getDecodeWait() {
        return decodeWait;
    }

    public void setDecodeWait(java.time.Duration decodeWait) {
        this.decodeWait = decodeWait;
    }

    public List<Integer> getSizes() {
        return sizes;
    }

    public void setSizes(List<Integer> sizes) {
        this.sizes = List.copyOf(sizes);
    }
}
