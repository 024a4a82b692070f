package ke.onpoint.pay.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.support.MerchantMoneyTest;
import org.junit.jupiter.api.Test;

/**
 * GET /reports/transactions streams: 20,000 payments (generated in SQL, about 8 MB of CSV) leave the gateway while
 * its database cursor is still open. The client reads the headers and the first line only, over a socket with a
 * small receive window, so the gateway can send no more than the socket buffers hold (a few MB at most on Linux);
 * at that moment the export's statement must still be open in PostgreSQL. A gateway that built the body before
 * sending it would have finished and closed the statement before the first byte left.
 */
class TransactionExportStreamingIT extends MerchantMoneyTest {

    private static final int ROWS = 20_000;
    private static final String EXPORT_OPEN = """
            SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()
              AND query LIKE '%report:transactions-csv%' AND state IN ('active', 'idle in transaction')""";

    @Test
    void twentyThousandPaymentsStreamWhileTheCursorIsOpen() throws IOException {
        Merchant merchant = merchant();
        String prefix = "TXS"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        // one second apart, ending now: all within today and yesterday in Nairobi
        jdbc.update("""
                INSERT INTO payments (reference, merchant_id, mode, merchant_reference, payment_method, provider, status,
                    amount_minor, currency, phone, description, provider_receipt, fee_minor, created_at, completed_at)
                SELECT ? || lpad(g::text, 6, '0'), ?, 'test', 'BULK-' || g, 'mpesa', 'mpesa', 'completed',
                    100000 + g, 'KES', '254712345' || lpad((g % 1000)::text, 3, '0'), repeat('lorem, ipsum ', 18),
                    'QK' || lpad(g::text, 8, '0'), 1500, now() - g * interval '1 second', now() - g * interval '1 second'
                FROM generate_series(1, ?) AS g""", prefix, merchant.owner().merchantId(), ROWS);
        postCaptures(prefix, merchant.owner().merchantId());
        LocalDate today = LocalDate.now(EastAfricaTime.ZONE);
        String path = "/api/v1/reports/transactions?format=csv&date_from=" + today.minusDays(1) + "&date_to=" + today;

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting: the window the gateway may fill
            socket.connect(new InetSocketAddress("localhost", port));
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + merchant.testKey()
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // reads ahead at most 8 KB: the window stays the gateway's limit
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);

            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(head.toLowerCase())
                    .contains("transfer-encoding: chunked")
                    .doesNotContain("content-length");
            Chunks body = new Chunks(in);
            String firstLine = body.readLine();
            assertThat(firstLine).startsWith("reference,merchant_reference,description,");

            // the first line is here, and the export is still reading its rows
            assertThat(count(EXPORT_OPEN))
                    .as("the export's cursor is open while its first line arrives")
                    .isEqualTo(1);

            long lines = 1;
            long bytes = firstLine.length() + 2;
            String line;
            String last = null;
            while ((line = body.readLine()) != null) {
                lines++;
                bytes += line.length() + 2;
                last = line;
            }
            assertThat(lines).isEqualTo(ROWS + 1);
            assertThat(bytes).as("more than socket buffers hold").isGreaterThan(6_000_000);
            assertThat(last)
                    .startsWith(prefix + "000001,BULK-1,")
                    .endsWith(",1000.01,15.00,985.01,0.00,KES,QK00000001,001");
        }
        // the body ended: the cursor, its transaction and its connection are released
        eventually().until(() -> count(EXPORT_OPEN) == 0);
    }

    /** The status line and headers, up to the empty line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("the answer's head is complete").isNotNegative();
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** HTTP/1.1 chunked transfer coding, decoded; lines split at CRLF as the CSV writes them. */
    private static final class Chunks {
        private final InputStream in;
        private int left;
        private boolean done;

        Chunks(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = rawLine();
                left = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            left--;
            if (left == 0) {
                rawLine(); // the CRLF after the chunk's data
            }
            return b;
        }

        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8); // less the CR
                }
                line.write(b);
            }
            assertThat(line.size()).as("the body ends with a whole line").isZero();
            return null;
        }

        private String rawLine() throws IOException {
            StringBuilder text = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                assertThat(b).as("the chunked body is complete").isNotNegative();
                text.append((char) b);
            }
            return text.toString().trim();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    ke.onpoint.pay.ledger.LedgerAccounts accounts;

    /** The generated payments in the ledger as the payment path posts them, so verify-ledger holds after the test. */
    private void postCaptures(String prefix, long merchantId) {
        long clearing = accounts.idOf(ke.onpoint.pay.ledger.LedgerAccount.clearing("mpesa", "test", "KES"));
        long pending = accounts.idOf(ke.onpoint.pay.ledger.LedgerAccount.merchant(
                ke.onpoint.pay.ledger.AccountKind.PENDING, merchantId, "test", "KES"));
        long fees = accounts.idOf(ke.onpoint.pay.ledger.LedgerAccount.fees("test", "KES"));
        jdbc.update("""
                INSERT INTO ledger_postings (kind, reference, merchant_id, mode, gross_minor, fee_minor)
                SELECT 'payment.captured', reference, merchant_id, mode, amount_minor, fee_minor FROM payments
                WHERE reference LIKE ? || '%'""", prefix);
        jdbc.update("""
                INSERT INTO ledger_entries (posting_id, account_id, amount_minor, currency, settle_on)
                SELECT p.id, x.account_id, x.amount_minor, 'KES', x.settle_on
                FROM ledger_postings p CROSS JOIN LATERAL (VALUES
                    (?::bigint, p.gross_minor, NULL::date),
                    (?::bigint, -(p.gross_minor - p.fee_minor), (now() AT TIME ZONE 'Africa/Nairobi')::date + 1),
                    (?::bigint, -p.fee_minor, NULL::date)) AS x (account_id, amount_minor, settle_on)
                WHERE p.kind = 'payment.captured' AND p.reference LIKE ? || '%'""", clearing, pending, fees, prefix);
    }
}
