package dev.lalala.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection kept alive across requests, spoken byte by byte, so a test sees what a pooled client or a
 * load balancer sees: whether the server still answers the next request on the same socket. Reactor Netty 1.3.6 now
 * and again stops reading such a connection when a response completes off its event loop (reactor-netty#4361); a
 * JDK or Netty client would quietly open a new connection and hide it.
 */
public final class KeptAliveConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public KeptAliveConnection(int port, int answerWithinMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(answerWithinMillis);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /**
     * Asks {@code GET path} {@code times} times back to back and returns the last answer (status line, headers and
     * body); an unanswered request fails with which one it was.
     */
    public String getRepeatedly(String path, int times) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        String response = null;
        for (int i = 0; i < times; i++) {
            out.write(request);
            out.flush();
            try {
                response = readResponse();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("request " + (i + 1) + " of " + times + " to " + path + " on one kept-alive "
                        + "connection got no answer within " + socket.getSoTimeout() + " ms", e);
            }
            if (!response.startsWith("HTTP/1.1 2")) {
                throw new AssertionError("request " + (i + 1) + " of " + times + " to " + path + ": " + response);
            }
        }
        return response;
    }

    /** One response with a Content-Length or chunked body, read exactly, so the next one starts clean. */
    private String readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String lower = headers.toLowerCase();
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf("\r\n", at)).trim());
            body.write(in.readNBytes(length));
        } else if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int n = Integer.parseInt(line().trim(), 16);
                if (n == 0) {
                    line();
                    break;
                }
                body.write(in.readNBytes(n));
                line();
            }
        }
        return headers + body.toString(StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
