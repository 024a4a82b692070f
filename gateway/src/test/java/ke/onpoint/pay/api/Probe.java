package ke.onpoint.pay.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generated request of the malformed-input campaign: sent with java.net.http when it is a well-formed HTTP
 * request with a bad payload, or as raw bytes over a socket when the HTTP itself is bad (invalid URL encodings, raw
 * 0x00 or invalid UTF-8 in the request line or headers) — java.net.http refuses to send those.
 *
 * @param family     the endpoint family (json, query, headers, multipart, callbacks, raw)
 * @param defect     the class of bad input (malformed-json, nul, deep-nesting, …): how the report groups 5xx
 * @param mustRefuse the input is one the issue lists as wrongly accepted: a 2xx is a failure too
 */
record Probe(
        String family,
        String defect,
        boolean mustRefuse,
        String method,
        String target,
        List<String[]> headers,
        byte[] body,
        byte[] raw) {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    static Probe http(String family, String defect, String method, String target, byte[] body, String... headers) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                pairs.add(new String[] {headers[i], headers[i + 1]});
            }
        }
        return new Probe(family, defect, false, method, target, pairs, body, null);
    }

    static Probe http(String family, String defect, String method, String target, String body, String... headers) {
        return http(
                family, defect, method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Raw bytes on a socket; the request line shows in the report. */
    static Probe raw(String family, String defect, byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        int end = text.indexOf("\r\n");
        String line = end < 0 ? text : text.substring(0, end);
        return new Probe(
                family,
                defect,
                false,
                space > 0 ? line.substring(0, space) : line,
                space > 0 ? line.substring(space + 1) : "",
                List.of(),
                null,
                request);
    }

    Probe refusedOnly() {
        return new Probe(family, defect, true, method, target, headers, body, raw);
    }

    /** The request as the report shows it (bytes beyond ASCII escaped). */
    String describe() {
        if (raw != null) {
            return "RAW " + escape(raw, 600);
        }
        StringBuilder text = new StringBuilder(method).append(' ').append(target);
        headers.forEach(h -> text.append("\n").append(h[0]).append(": ").append(CampaignLedger.excerpt(h[1], 120)));
        if (body != null) {
            text.append("\n\n").append(escape(body, 300));
        }
        return text.toString();
    }

    Answer send(int port) {
        try {
            return raw != null ? sendRaw(port) : sendHttp(port);
        } catch (IOException e) {
            return new Answer(0, "", "", e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", "", "interrupted");
        } catch (IllegalArgumentException e) {
            return new Answer(-1, "", "", "java.net.http would not send it: " + e.getMessage());
        }
    }

    private Answer sendHttp(int port) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + target))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(h -> request.header(h[0], h[1]));
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                new String(response.body(), StandardCharsets.UTF_8),
                null);
    }

    private Answer sendRaw(int port) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int headerEnd = -1;
            long contentLength = -1;
            for (int n; (n = readOrEnd(in, buffer)) > 0; ) {
                received.write(buffer, 0, n);
                String sofar = received.toString(StandardCharsets.ISO_8859_1);
                if (headerEnd < 0 && (headerEnd = sofar.indexOf("\r\n\r\n")) >= 0) {
                    contentLength = contentLength(sofar.substring(0, headerEnd));
                }
                // a kept-alive connection does not close: stop once the declared body is in
                if (headerEnd >= 0 && contentLength >= 0 && received.size() >= headerEnd + 4 + contentLength) {
                    break;
                }
                if (headerEnd >= 0 && sofar.endsWith("\r\n0\r\n\r\n")) {
                    break; // the end of a chunked body
                }
            }
            return parse(received.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * A server that refuses a request line closes at once: unread bytes of ours then make its close a reset, which may
     * arrive before or after its answer. A reset ends the answer; what arrived before it counts.
     */
    private static int readOrEnd(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.read(buffer);
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? -1 : 0;
    }

    private static Answer parse(String response) {
        if (response.isEmpty()) {
            return new Answer(-2, "", "", "connection closed without an answer");
        }
        if (!response.startsWith("HTTP/")) {
            // a request line without a version (a raw line break in it) is HTTP/0.9 to Tomcat: its answer has no
            // status line to judge
            return new Answer(-2, "", response, "an HTTP/0.9 answer (no status line)");
        }
        int headerEnd = response.indexOf("\r\n\r\n");
        String head = headerEnd < 0 ? response : response.substring(0, headerEnd);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType, headerEnd < 0 ? "" : response.substring(headerEnd + 4), null);
    }

    private static String escape(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < max; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                text.append("\\r");
            } else if (b == '\n') {
                text.append("\\n");
            } else if (b < 0x20 || b >= 0x7f) {
                text.append(String.format("\\x%02X", b));
            } else {
                text.append((char) b);
            }
        }
        return bytes.length > max ? text + "…(" + bytes.length + " bytes)" : text.toString();
    }

    @Override
    public String toString() {
        return family + "/" + defect + ": " + CampaignLedger.excerpt(describe(), 200);
    }
}

/** The status, content type and body of an answer; {@code failure} when there was none. */
record Answer(int status, String contentType, String body, String failure) {}
