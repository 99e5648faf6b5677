package dev.lalala.chat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** chat-service's own settings ({@code lalala.chat.*}): every limit a client could push against has a cap here. */
@Validated
@ConfigurationProperties("lalala.chat")
public class ChatProperties {

    /** Longest chat line, in characters (code points). */
    @Min(1) @Max(1000)
    private int maxTextLength = 500;

    /** Chat lines a socket may send per second (a burst of this many, refilled evenly). */
    @Min(1)
    private int messagesPerSecond = 5;

    /** Reactions a socket may send per second. */
    @Min(1)
    private int reactionsPerSecond = 10;

    /** Any frames a socket may send per second (commands, time, joins). */
    @Min(1)
    private int framesPerSecond = 30;

    /** Refused frames (too long, too fast, broken, unknown) a socket may send in a row before it is closed (1008). */
    @Min(1)
    private int maxStrikes = 20;

    /** Open rooms one user may host at once. */
    @Min(1)
    private int roomsPerUser = 3;

    /** Sockets one user may hold on one instance. */
    @Min(1)
    private int socketsPerUser = 5;

    /** Rooms one socket may be in at once. */
    @Min(1)
    private int roomsPerSocket = 5;

    /** Listeners (sockets) in one room, over all instances. */
    @Min(1)
    private int listenersPerRoom = 10_000;

    /** Songs in a room's queue. */
    @Min(1) @Max(100)
    private int maxQueue = 100;

    /** Frames waiting for one slow socket before it is closed (1013); above half of it reactions are skipped. */
    @Min(8)
    private int sendQueue = 256;

    /** Above this many listeners, presence frames of a room are sent at most once per presence-interval. */
    @Min(1)
    private int presenceThreshold = 100;

    private Duration presenceInterval = Duration.ofSeconds(1);

    /** How often reactions counted in memory are added to track_reaction. */
    private Duration reactionFlushInterval = Duration.ofSeconds(1);

    /**
     * How often each instance looks for rooms whose song has ended (they move on to the next queued song): the most a
     * room waits between songs.
     */
    private Duration advanceInterval = Duration.ofMillis(250);

    public Duration getAdvanceInterval() { return advanceInterval; }
    public void setAdvanceInterval(Duration v) { advanceInterval = v; }
    public int getMaxTextLength() { return maxTextLength; }
    public void setMaxTextLength(int v) { maxTextLength = v; }
    public int getMessagesPerSecond() { return messagesPerSecond; }
    public void setMessagesPerSecond(int v) { messagesPerSecond = v; }
    public int getReactionsPerSecond() { return reactionsPerSecond; }
    public void setReactionsPerSecond(int v) { reactionsPerSecond = v; }
    public int getFramesPerSecond() { return framesPerSecond; }
    public void setFramesPerSecond(int v) { framesPerSecond = v; }
    public int getMaxStrikes() { return maxStrikes; }
    public void setMaxStrikes(int v) { maxStrikes = v; }
    public int getRoomsPerUser() { return roomsPerUser; }
    public void setRoomsPerUser(int v) { roomsPerUser = v; }
    public int getSocketsPerUser() { return socketsPerUser; }
    public void setSocketsPerUser(int v) { socketsPerUser = v; }
    public int getRoomsPerSocket() { return roomsPerSocket; }
    public void setRoomsPerSocket(int v) { roomsPerSocket = v; }
    public int getListenersPerRoom() { return listenersPerRoom; }
    public void setListenersPerRoom(int v) { listenersPerRoom = v; }
    public int getMaxQueue() { return maxQueue; }
    public void setMaxQueue(int v) { maxQueue = v; }
    public int getSendQueue() { return sendQueue; }
    public void setSendQueue(int v) { sendQueue = v; }
    public int getPresenceThreshold() { return presenceThreshold; }
    public void setPresenceThreshold(int v) { presenceThreshold = v; }
    public Duration getPresenceInterval() { return presenceInterval; }
    public void setPresenceInterval(Duration v) { presenceInterval = v; }
    public Duration getReactionFlushInterval() { return reactionFlushInterval; }
    public void setReactionFlushInterval(Duration v) { reactionFlushInterval = v; }
}
