package dev.lalala.chat.live;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * This process's name among chat-service instances: {@code lalala.chat.instance-id}, else
 * {@code chat-service-<server.port>} (stable across restarts, so a restarted instance forgets its own dead
 * listeners), else, on a random port, a random one. Shown in the hello frame.
 */
@Component
public class ChatInstance {

    private final String id;

    public ChatInstance(@Value("${lalala.chat.instance-id:}") String configured,
            @Value("${server.port:0}") int port) {
        this.id = StringUtils.hasText(configured) ? configured
                : port != 0 ? "chat-service-" + port : "chat-service-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }
}
