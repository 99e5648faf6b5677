package dev.lalala.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare HTTP/1.1 exchange over a socket, for requests client libraries refuse to send as they are (upgrades). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request head as given (CRLFs added) with Connection: close, returns the whole response. */
    public static String exchange(int port, String... headLines) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder();
            for (String line : headLines) {
                head.append(line).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                response.write(buffer, 0, n);
                if (complete(response.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** Headers and a body of the announced Content-Length have arrived. */
    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : response.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return response.getBytes(StandardCharsets.UTF_8).length >= end + 4 + length;
            }
        }
        return false;
    }
}
