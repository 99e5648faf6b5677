package dev.lalala.infra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message delivered to a local mailbox.
 *
 * @param id         unique per delivered copy ({@code mailbox/uid})
 * @param mailbox    the recipient mailbox it was delivered to (envelope recipient)
 * @param messageId  the Message-ID header
 * @param from       the first From address
 * @param to         the To addresses
 * @param cc         the Cc addresses
 * @param subject    the subject
 * @param text       the text/plain body, or the HTML body stripped of tags if there is no text part
 * @param html       the text/html body, or null
 * @param receivedAt when the server received it
 */
public record MailMessage(String id, String mailbox, String messageId, String from, List<String> to, List<String> cc,
                          String subject, String text, String html, Instant receivedAt) {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+");

    public MailMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }

    /** To and Cc addresses. */
    public List<String> recipients() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        return all;
    }

    /** The http(s) links in the text and HTML bodies, in order (e.g. a verification link). */
    public List<String> links() {
        List<String> links = new ArrayList<>();
        for (String body : new String[] {text, html}) {
            if (body == null) {
                continue;
            }
            Matcher m = LINK.matcher(body);
            while (m.find()) {
                String link = m.group().replace("&amp;", "&");
                if (!links.contains(link)) {
                    links.add(link);
                }
            }
        }
        return links;
    }
}
