package ke.onpoint.pay.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * CSV downloads streamed straight from a database cursor, in constant memory however many rows there are.
 *
 * <p>The answer's body is an {@link InputStream} that turns rows into CSV lines only as Camel's HTTP binding reads
 * it: with a body stream and no Content-Length, platform-http copies it to the response in chunks (chunked transfer
 * encoding), so a row is read from PostgreSQL (a server-side cursor: fetch size, autocommit off) when the client has
 * taken the lines before it. Nothing holds the whole body. The query runs before the answer starts, so a failure to
 * run it is still a problem+json answer; the cursor, its transaction and its connection are closed at the end of
 * the body or with the exchange (a client that goes away), whichever comes first.
 */
@Component
public class CsvDownloads {

    private static final Logger log = LoggerFactory.getLogger(CsvDownloads.class);
    private static final int CHUNK_CHARS = 16 * 1024;

    private final DataSource dataSource;
    private final SQLExceptionTranslator translator;
    private final int fetchSize;
    private final Duration maxDuration;

    public CsvDownloads(
            DataSource dataSource,
            @Value("${onpoint.reports.export-fetch-size}") int fetchSize,
            @Value("${onpoint.reports.export-max-duration}") Duration maxDuration) {
        this.dataSource = dataSource;
        this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        this.fetchSize = fetchSize;
        this.maxDuration = maxDuration;
    }

    /** Writes a download's lines: one row at a time, then whatever closes it (totals). */
    public interface Rows {
        void row(ResultSet row, StringBuilder out) throws SQLException;

        default void end(StringBuilder out) {}
    }

    /**
     * A download whose query has run: its file name and its lines, read from the cursor as {@code body} is read.
     * Whoever answers with it closes it (the end of the body closes it too).
     */
    public record Download(String filename, InputStream body) implements AutoCloseable {

        public String contentType() {
            return "text/csv; charset=utf-8";
        }

        public String contentDisposition() {
            return "attachment; filename=\"" + filename + "\"";
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                log.debug("Could not close a download: {}", e.getMessage());
            }
        }
    }

    /** Answers the exchange with {@code header}, then a line per row of the query (see {@link Rows}). */
    public void answer(
            Exchange exchange, String filename, List<String> header, String sql, List<Object> args, Rows rows) {
        answer(exchange, download(filename, header, sql, args, rows));
    }

    /** Runs the query of a download (a failure is thrown here, before any answer starts). */
    public Download download(String filename, List<String> header, String sql, List<Object> args, Rows rows) {
        return new Download(filename, open(header, sql, args, rows));
    }

    /** Answers the exchange with a download, streamed in chunks. */
    public void answer(Exchange exchange, Download download) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                download.close();
            }
        });
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, download.contentType());
        message.setHeader("Content-Disposition", download.contentDisposition());
        message.setHeader(Exchange.HTTP_CHUNKED, true);
        message.setBody(download.body());
        allowLongerAnswer(exchange);
    }

    /**
     * Writes {@code header}, then a line per row of the query, to a servlet response (a page's download, outside the
     * routes): the same cursor, copied to the response as it is read; closed at the end or when the client goes.
     */
    public void write(
            jakarta.servlet.http.HttpServletResponse response,
            String filename,
            List<String> header,
            String sql,
            List<Object> args,
            Rows rows)
            throws IOException {
        try (CursorLines body = open(header, sql, args, rows)) {
            response.setStatus(200);
            response.setContentType("text/csv; charset=utf-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
            body.transferTo(response.getOutputStream());
        }
    }

    /**
     * An API answer is written before the servlet's asynchronous request times out (Tomcat's 30 s default); a large
     * download to a slow client takes longer, so this request alone gets {@code onpoint.reports.export-max-duration}.
     */
    private void allowLongerAnswer(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http) {
            HttpServletRequest request = http.getRequest();
            if (request != null && request.isAsyncStarted()) {
                try {
                    request.getAsyncContext().setTimeout(maxDuration.toMillis());
                } catch (IllegalStateException tooLate) {
                    log.debug("The download keeps the container's timeout: {}", tooLate.getMessage());
                }
            }
        }
    }

    private CursorLines open(List<String> header, String sql, List<Object> args, Rows rows) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false); // PostgreSQL keeps a cursor (fetch size) only inside a transaction
            connection.setReadOnly(true);
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.setFetchSize(fetchSize);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            ResultSet result = statement.executeQuery();
            StringBuilder first = new StringBuilder();
            Csv.line(first, header);
            return new CursorLines(connection, statement, result, rows, first);
        } catch (SQLException e) {
            release(connection);
            throw translate(e);
        }
    }

    private RuntimeException translate(SQLException e) {
        RuntimeException translated = translator.translate("CSV download", null, e);
        return translated != null ? translated : new IllegalStateException(e);
    }

    private static void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback(); // read only: nothing to keep
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("Could not end a download's transaction: {}", e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Could not close a download's connection: {}", e.getMessage());
        }
    }

    /** The CSV text of a cursor, produced as it is read. */
    private static final class CursorLines extends InputStream {

        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet result;
        private final Rows rows;
        private final StringBuilder text;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean ended;
        private boolean closed;

        CursorLines(
                Connection connection, PreparedStatement statement, ResultSet result, Rows rows, StringBuilder text) {
            this.connection = connection;
            this.statement = statement;
            this.result = result;
            this.rows = rows;
            this.text = text;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == chunk.length) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, buffer, offset, n);
            position += n;
            return n;
        }

        /** The next lines as bytes; false at the end. */
        private boolean fill() throws IOException {
            if (closed) {
                return false;
            }
            try {
                while (!ended && text.length() < CHUNK_CHARS) {
                    if (result.next()) {
                        rows.row(result, text);
                    } else {
                        ended = true;
                        rows.end(text);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                close();
                throw new IOException("The download failed while reading its rows", e);
            }
            if (text.isEmpty()) {
                close();
                return false;
            }
            chunk = text.toString().getBytes(StandardCharsets.UTF_8);
            position = 0;
            text.setLength(0);
            return true;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                result.close();
                statement.close();
            } catch (SQLException e) {
                log.debug("Could not close a download's cursor: {}", e.getMessage());
            }
            release(connection);
        }
    }
}
