package dev.lalala.infra;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what the local SMTP server received, through its JSON HTTP API ({@code GET /messages?to=...}).
 * For humans: {@code curl http://127.0.0.1:13080/messages?to=someone@example.com}.
 */
public final class MailReader {

    private final String apiUrl;

    public MailReader(String apiUrl) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    }

    /** Base URL of the HTTP API, e.g. {@code http://127.0.0.1:13080}. */
    public String apiUrl() {
        return apiUrl;
    }

    /** Every delivered message (one copy per recipient mailbox), oldest first. */
    public List<MailMessage> messages() {
        return fetch(null);
    }

    /** The mailbox of one address (case-insensitive). */
    public Mailbox mailbox(String address) {
        return new Mailbox(this, address);
    }

    /** Deletes every message of every mailbox. */
    public void clear() {
        delete(null);
    }

    List<MailMessage> fetch(String address) {
        String url = apiUrl + "/messages" + (address == null ? "" : "?to=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        Object parsed = Json.parse(response.body());
        List<MailMessage> result = new ArrayList<>();
        if (parsed instanceof Map<?, ?> map && map.get("messages") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    result.add(new MailMessage(str(m, "id"), str(m, "mailbox"), str(m, "messageId"), str(m, "from"),
                            strings(m.get("to")), strings(m.get("cc")), str(m, "subject"), str(m, "text"), str(m, "html"),
                            m.get("receivedAt") == null ? null : Instant.parse(str(m, "receivedAt"))));
                }
            }
        }
        return result;
    }

    void delete(String address) {
        String url = apiUrl + "/messages" + (address == null ? "" : "?to=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
        send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = Probes.http().send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new InfrastructureException("mail API " + request.build().uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new InfrastructureException("cannot reach the mail API at " + apiUrl + " (is MAIL running?): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", e);
        }
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static List<String> strings(Object v) {
        List<String> result = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    result.add(o.toString());
                }
            }
        }
        return result;
    }
}
