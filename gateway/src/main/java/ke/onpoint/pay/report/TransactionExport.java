package ke.onpoint.pay.report;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.Csv;
import ke.onpoint.pay.api.CsvDownloads;
import ke.onpoint.pay.api.DateRange;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Every payment of a date range as CSV, oldest first, streamed from a cursor ({@link CsvDownloads}): a year of a
 * busy merchant's payments never sits in memory. Times in East Africa Time; the customer's phone only as its last
 * three digits.
 */
@Component
public class TransactionExport {

    static final int DEFAULT_DAYS = 30;

    static final List<String> COLUMNS = List.of(
            "reference",
            "merchant_reference",
            "description",
            "created_at",
            "completed_at",
            "payment_method",
            "status",
            "amount",
            "fee",
            "net",
            "refunded",
            "currency",
            "provider_receipt",
            "phone_last3");

    private final CsvDownloads downloads;
    private final FieldCipher cipher;
    private final int maxRangeDays;

    public TransactionExport(
            CsvDownloads downloads,
            FieldCipher cipher,
            @org.springframework.beans.factory.annotation.Value("${onpoint.reports.max-range-days}") int maxRangeDays) {
        this.downloads = downloads;
        this.cipher = cipher;
        this.maxRangeDays = maxRangeDays;
    }

    /** What to export: East Africa days (30 up to today unless given), optionally one status and one method. */
    public record Selection(DateRange range, PaymentStatus status, PaymentMethod method) {}

    /**
     * The selection a request asks for ({@code date_from}, {@code date_to}, {@code status}, {@code payment_method}),
     * for the API and the dashboard alike; a 422 naming each bad field.
     */
    public Selection select(QueryParameters query) {
        DateRange range = query.range(LocalDate.now(EastAfricaTime.ZONE), DEFAULT_DAYS, maxRangeDays);
        PaymentStatus status = query.oneOf("status", PaymentStatus::fromCode, "is not a payment status");
        PaymentMethod method = query.oneOf(
                "payment_method",
                PaymentMethod::fromCode,
                "must be one of: " + String.join(", ", PaymentMethod.supportedCodes()));
        query.check();
        return new Selection(range, status, method);
    }

    /** Answers an API exchange with the CSV, streamed. */
    public void answer(Exchange exchange, MerchantPrincipal merchant, Selection selection) {
        Query query = query(merchant, selection);
        downloads.answer(exchange, query.filename(), COLUMNS, query.sql(), query.args(), this::row);
    }

    /** Writes the CSV to a servlet response (the dashboard's download), streamed. */
    public void write(HttpServletResponse response, MerchantPrincipal merchant, Selection selection)
            throws IOException {
        Query query = query(merchant, selection);
        downloads.write(response, query.filename(), COLUMNS, query.sql(), query.args(), this::row);
    }

    private record Query(String filename, String sql, List<Object> args) {}

    private Query query(MerchantPrincipal merchant, Selection selection) {
        DateRange range = selection.range();
        // the marker comment names the statement in pg_stat_activity (operators, and the streaming test)
        StringBuilder sql = new StringBuilder("""
                SELECT /* report:transactions-csv */ reference, merchant_reference, description, created_at,
                       completed_at, payment_method, status, amount_minor, fee_minor, refunded_minor, currency,
                       provider_receipt, phone_last4,
                       CASE WHEN phone_last4 IS NULL THEN phone END AS phone,
                       CASE WHEN phone_last4 IS NULL AND phone IS NULL THEN paid_phone END AS paid_phone
                FROM payments WHERE merchant_id = ? AND mode = ? AND created_at >= ? AND created_at < ?""");
        List<Object> args = new ArrayList<>(List.of(
                merchant.merchantId(), merchant.mode(), Timestamp.from(range.start()), Timestamp.from(range.end())));
        if (selection.status() != null) {
            sql.append(" AND status = ?");
            args.add(selection.status().code());
        }
        if (selection.method() != null) {
            sql.append(" AND payment_method = ?");
            args.add(selection.method().code());
        }
        sql.append(" ORDER BY created_at, id");
        return new Query(
                "transactions-" + merchant.mode() + "-" + range.from() + "-to-" + range.to() + ".csv",
                sql.toString(),
                args);
    }

    private void row(ResultSet rs, StringBuilder out) throws SQLException {
        long amount = rs.getLong("amount_minor");
        Long fee = rs.getObject("fee_minor", Long.class);
        Timestamp completed = rs.getTimestamp("completed_at");
        Csv.line(
                out,
                java.util.Arrays.asList(
                        rs.getString("reference"),
                        rs.getString("merchant_reference"),
                        rs.getString("description"),
                        Csv.time(rs.getTimestamp("created_at").toInstant()),
                        completed == null ? null : Csv.time(completed.toInstant()),
                        rs.getString("payment_method"),
                        rs.getString("status"),
                        Money.toMajor(amount),
                        fee == null ? null : Money.toMajor(fee),
                        fee == null ? null : Money.toMajor(amount - fee),
                        Money.toMajor(rs.getLong("refunded_minor")),
                        rs.getString("currency"),
                        rs.getString("provider_receipt"),
                        lastThree(rs)));
    }

    /**
     * The last three digits of the phone the payment was asked of, else of the one that paid: from the last four kept
     * in clear when the payment has them (no decryption per row: a day of a busy merchant is thousands of rows), else
     * decrypted (payments from before V20 that the re-encrypt command has not reached).
     */
    private String lastThree(ResultSet rs) throws SQLException {
        String lastFour = rs.getString("phone_last4");
        if (lastFour != null) {
            return lastFour.substring(1);
        }
        String phone = cipher.decrypt(PaymentRepository.PHONE, rs.getString("phone"));
        if (phone == null) {
            phone = cipher.decrypt(PaymentRepository.PAID_PHONE, rs.getString("paid_phone"));
        }
        return phone == null || phone.length() < 3 ? null : phone.substring(phone.length() - 3);
    }
}
