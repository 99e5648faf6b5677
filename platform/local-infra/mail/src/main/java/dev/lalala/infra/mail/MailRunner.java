package dev.lalala.infra.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import dev.lalala.infra.runner.RunnerProcess;

/**
 * Runs GreenMail SMTP on loopback (any sender, any recipient, no authentication needed, any credentials
 * accepted) plus a tiny JSON HTTP endpoint to read what arrived, in this JVM, started as its own process by the
 * LALALA local-infra launcher.
 * <p>
 * Usage: {@code MailRunner <smtp-port> <http-port>}, with system properties {@code lalala.ready-file} and
 * {@code lalala.watch-pid} (optional).
 * <p>
 * HTTP API (all JSON, UTF-8):
 * <ul>
 *   <li>{@code GET /health}: {@code {"status":"UP"}};</li>
 *   <li>{@code GET /messages?to=address}: the messages delivered to that mailbox (all mailboxes without
 *       {@code to}), oldest first: {@code {"messages":[{"id","mailbox","messageId","from","to":[],"cc":[],
 *       "subject","text","html","receivedAt"}]}};</li>
 *   <li>{@code DELETE /messages?to=address}: empties that mailbox (every mailbox without {@code to}).</li>
 * </ul>
 */
public final class MailRunner {

    private static final RunnerProcess PROCESS = new RunnerProcess("mail");

    private MailRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MailRunner <smtp-port> <http-port>");
            System.exit(2);
        }
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        PROCESS.watchParent();

        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();

        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 16);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/health", ex -> respond(ex, 200, "{\"status\":\"UP\"}"));
        http.createContext("/messages", ex -> {
            try {
                String to = query(ex).get("to");
                switch (ex.getRequestMethod()) {
                    case "GET" -> respond(ex, 200, messagesJson(greenMail, to));
                    case "DELETE" -> {
                        for (GreenMailUser user : users(greenMail, to)) {
                            inbox(greenMail, user).deleteAllMessages();
                        }
                        respond(ex, 200, "{\"deleted\":true}");
                    }
                    default -> respond(ex, 405, "{\"error\":\"method not allowed\"}");
                }
            } catch (Exception e) {
                e.printStackTrace();
                respond(ex, 500, "{\"error\":" + json(String.valueOf(e)) + "}");
            }
        });
        http.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            greenMail.stop();
            stopped.countDown();
        }, "lalala-mail-shutdown"));

        PROCESS.writeReadyFile();
        log("LALALA-READY mail smtp://127.0.0.1:" + smtpPort + " http://127.0.0.1:" + httpPort + "/messages");
        stopped.await();
    }

    private static List<GreenMailUser> users(GreenMail greenMail, String address) {
        return greenMail.getUserManager()
                .findUsers(u -> address == null || address.isBlank() || address.trim().equalsIgnoreCase(u.getEmail()))
                .toList();
    }

    private static MailFolder inbox(GreenMail greenMail, GreenMailUser user) {
        try {
            return greenMail.getManagers().getImapHostManager().getInbox(user);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messagesJson(GreenMail greenMail, String to) throws Exception {
        record Entry(Instant received, long uid, String json) {
        }
        List<Entry> entries = new ArrayList<>();
        for (GreenMailUser user : users(greenMail, to)) {
            MailFolder inbox = inbox(greenMail, user);
            for (long uid : inbox.getMessageUids()) {
                StoredMessage stored = inbox.getMessage(uid);
                if (stored == null) {
                    continue;
                }
                Instant received = stored.getReceivedDate() == null ? Instant.EPOCH : stored.getReceivedDate().toInstant();
                entries.add(new Entry(received, uid, messageJson(user.getEmail(), uid, received, stored.getMimeMessage())));
            }
        }
        entries.sort(Comparator.comparing(Entry::received).thenComparing(Entry::uid));
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(entries.get(i).json());
        }
        return sb.append("]}").toString();
    }

    private static String messageJson(String mailbox, long uid, Instant received, MimeMessage message) throws Exception {
        Bodies bodies = new Bodies();
        collect(message, bodies);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", json(mailbox + "/" + uid));
        fields.put("mailbox", json(mailbox));
        fields.put("messageId", json(message.getMessageID()));
        Address[] from = message.getFrom();
        fields.put("from", json(from == null || from.length == 0 ? null : address(from[0])));
        fields.put("to", addresses(message.getRecipients(Message.RecipientType.TO)));
        fields.put("cc", addresses(message.getRecipients(Message.RecipientType.CC)));
        fields.put("subject", json(message.getSubject()));
        fields.put("text", json(bodies.text != null ? bodies.text : bodies.html == null ? null : stripTags(bodies.html)));
        fields.put("html", json(bodies.html));
        fields.put("receivedAt", json(received.toString()));
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return sb.append('}').toString();
    }

    private static final class Bodies {
        String text;
        String html;
    }

    private static void collect(Part part, Bodies bodies) throws Exception {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (part.isMimeType("text/plain") && bodies.text == null) {
            bodies.text = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && bodies.html == null) {
            bodies.html = String.valueOf(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, bodies);
            }
        } else if (part.isMimeType("message/rfc822")) {
            collect((Part) part.getContent(), bodies);
        }
    }

    private static String stripTags(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?s)<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("[ \\t]+", " ").trim();
    }

    private static String address(Address address) {
        return address instanceof InternetAddress ia ? ia.getAddress() : address.toString();
    }

    private static String addresses(Address[] addresses) {
        StringBuilder sb = new StringBuilder("[");
        if (addresses != null) {
            for (int i = 0; i < addresses.length; i++) {
                sb.append(i > 0 ? "," : "").append(json(address(addresses[i])));
            }
        }
        return sb.append(']').toString();
    }

    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> result = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.put(key, value);
        }
        return result;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }



    private static void log(String message) {
        PROCESS.log(message);
    }
}
