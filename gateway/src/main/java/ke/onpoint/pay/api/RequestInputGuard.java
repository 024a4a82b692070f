package ke.onpoint.pay.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every API request's text is checked once, before any route reads or stores it (merchant API, dashboard API and
 * provider callbacks alike): the body must be UTF-8 without NUL and without escaped NULs or lone surrogates in its
 * JSON strings, and so must the query parameters. The body is read here, bounded by the API's body limit, and handed
 * on unchanged, so signature checks over the exact bytes still hold. Multipart uploads are checked by their route.
 */
public class RequestInputGuard extends OncePerRequestFilter {

    private final long maxBodyBytes;
    private final long maxUploadBytes;

    public RequestInputGuard(long maxBodyBytes) {
        this(maxBodyBytes, maxBodyBytes);
    }

    /** {@code maxUploadBytes}: the limit for a {@code text/csv} upload, whose route checks its own, smaller one. */
    public RequestInputGuard(long maxBodyBytes, long maxUploadBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxUploadBytes = Math.max(maxBodyBytes, maxUploadBytes);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiProblem> refusal = queryRefusal(request);
        if (refusal.isPresent()) {
            ServletProblems.send(request, response, refusal.get());
            return;
        }
        if (!carriesText(request)) {
            chain.doFilter(request, response);
            return;
        }
        long limit = isCsv(request) ? maxUploadBytes : maxBodyBytes;
        if (request.getContentLengthLong() > limit) {
            ServletProblems.send(request, response, ApiProblem.tooLarge(limit));
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        }
        if (body.length > limit) {
            ServletProblems.send(request, response, ApiProblem.tooLarge(limit));
            return;
        }
        refusal = InputText.refusal(body);
        if (refusal.isPresent()) {
            ServletProblems.send(request, response, refusal.get());
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** The query string is decoded here rather than through the request's parameters, which would parse a multipart body. */
    private static Optional<ApiProblem> queryRefusal(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
            Optional<String> badName = InputText.defect(name);
            if (badName.isPresent()) {
                return Optional.of(ApiProblem.invalidField("query", "a parameter name " + badName.get()));
            }
            Optional<String> badValue = InputText.defect(value);
            if (badValue.isPresent()) {
                return Optional.of(ApiProblem.invalidField(name, badValue.get()));
            }
        }
        return Optional.empty();
    }

    /** Decoded as the servlet container does; a parameter it cannot decode it drops, so it is not looked at here. */
    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException dropped) {
            return "";
        }
    }

    private static boolean isCsv(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/csv");
    }

    /** A body that is not a multipart upload (its parts are read, and checked, by the upload route). */
    private static boolean carriesText(HttpServletRequest request) {
        if (request.getContentLengthLong() == 0) {
            return false;
        }
        String type = request.getContentType();
        return type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** The request with its body already read: routes read the same bytes, as a stream or as UTF-8 text. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("The body has been read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
