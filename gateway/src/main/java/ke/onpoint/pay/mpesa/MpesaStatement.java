package ke.onpoint.pay.mpesa;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.payment.Money;

/**
 * An organisation statement as the M-Pesa portal exports it (CSV): metadata lines (a {@code Time Period:} line among
 * them), then the column header, then one row per transaction, newest first. Columns are read by name, never by
 * position: the current 13-column layout ({@code Receipt No., Completion Time, …, Paid In, Withdrawn, …}) and the
 * older one ({@code Receipt, Date, Details, Status, Withdrawn, Paid In, …}) both read. Times are East Africa Time
 * without a zone, in any of three formats; {@code Withdrawn} may be negative; charges are rows of their own.
 */
public final class MpesaStatement {

    private static final List<DateTimeFormatter> TIMES = List.of(
            DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss"),
            DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
            DateTimeFormatter.ofPattern("d/M/yyyy HH:mm:ss"),
            DateTimeFormatter.ofPattern("d/M/yyyy HH:mm"));

    /** Each column the gateway reads, with every name the portal has given it. */
    enum Column {
        RECEIPT("Receipt No.", "Receipt No", "Receipt"),
        COMPLETED("Completion Time", "Date"),
        INITIATED("Initiation Time"),
        DETAILS("Details"),
        STATUS("Transaction Status", "Status"),
        PAID_IN("Paid In"),
        WITHDRAWN("Withdrawn"),
        REASON("Reason Type", "Transaction Type"),
        LINKED("Linked Transaction ID");

        final List<String> names;

        Column(String... names) {
            this.names = List.of(names);
        }

        String label() {
            return names.get(0);
        }
    }

    private static final List<Column> REQUIRED =
            List.of(Column.RECEIPT, Column.COMPLETED, Column.STATUS, Column.PAID_IN, Column.WITHDRAWN);

    /** One transaction row ({@code line}: its line in the file, from 1). */
    public record Row(
            int line,
            String receipt,
            Instant completedAt,
            String details,
            String status,
            long paidInMinor,
            long withdrawnMinor,
            String reasonType,
            String linkedTransactionId) {

        public boolean completed() {
            return "completed".equalsIgnoreCase(status);
        }

        /** Safaricom's charges are rows of their own; the ledger does not post them, so they are not reconciled. */
        public boolean charge() {
            return details != null && details.toLowerCase(Locale.ROOT).contains("charge");
        }

        public boolean reversal() {
            return (details != null && details.toLowerCase(Locale.ROOT).contains("reversal"))
                    || (reasonType != null
                            && reasonType.toLowerCase(Locale.ROOT).contains("reversal"));
        }
    }

    /** The statement: its rows and the period its header names (either end may be absent). */
    public record Parsed(List<Row> rows, Optional<Instant> periodFrom, Optional<Instant> periodTo) {}

    /** What is wrong, where: the line (from 1) and the column, for the problem the upload answers with. */
    public static final class Malformed extends RuntimeException {
        private final int line;
        private final String column;

        Malformed(int line, String column, String message) {
            super("line " + line + (column == null ? "" : ", column " + column) + ": " + message, null, false, false);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public String column() {
            return column;
        }
    }

    private MpesaStatement() {}

    public static Parsed parse(String text) {
        String[] lines = text.replace("\uFEFF", "").split("\r\n|\n|\r", -1);
        Instant periodFrom = null;
        Instant periodTo = null;
        Map<Column, Integer> columns = null;
        int headerLine = 0;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> cells = cells(lines[i], lineNumber);
            if (columns == null) {
                String first = cells.get(0).trim();
                if (first.toLowerCase(Locale.ROOT).startsWith("time period")) {
                    // Time Period:,From,12-05-2025 22:40:01,To,12-05-2025 23:59:59
                    for (int c = 1; c + 1 < cells.size(); c++) {
                        if (cells.get(c).trim().equalsIgnoreCase("from")) {
                            periodFrom = time(cells.get(c + 1), lineNumber, "Time Period");
                        } else if (cells.get(c).trim().equalsIgnoreCase("to")) {
                            periodTo = time(cells.get(c + 1), lineNumber, "Time Period");
                        }
                    }
                } else if (Column.RECEIPT.names.stream().anyMatch(first::equalsIgnoreCase)) {
                    columns = header(cells, lineNumber);
                    headerLine = lineNumber;
                }
                continue;
            }
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            rows.add(row(cells, columns, lineNumber));
        }
        if (columns == null) {
            throw new Malformed(
                    1,
                    Column.RECEIPT.label(),
                    "no column header found: the statement must have a header line starting with \"Receipt No.\"");
        }
        if (rows.isEmpty()) {
            throw new Malformed(headerLine, null, "the statement has a header but no transaction rows");
        }
        return new Parsed(List.copyOf(rows), Optional.ofNullable(periodFrom), Optional.ofNullable(periodTo));
    }

    private static Map<Column, Integer> header(List<String> cells, int line) {
        Map<Column, Integer> columns = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            String name = cells.get(c).trim();
            for (Column column : Column.values()) {
                if (column.names.stream().anyMatch(name::equalsIgnoreCase)) {
                    columns.putIfAbsent(column, c);
                }
            }
        }
        for (Column required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new Malformed(line, required.label(), "the header has no column " + required.names);
            }
        }
        return columns;
    }

    private static Row row(List<String> cells, Map<Column, Integer> columns, int line) {
        String receipt = cell(cells, columns, Column.RECEIPT);
        if (receipt.isEmpty()) {
            throw new Malformed(line, Column.RECEIPT.label(), "is empty");
        }
        if (receipt.length() > 32) {
            throw new Malformed(line, Column.RECEIPT.label(), "is longer than an M-Pesa receipt");
        }
        String completion = cell(cells, columns, Column.COMPLETED);
        Column timeColumn = Column.COMPLETED;
        // the 2017 export wrote only the time of day in Completion Time; the Initiation Time has the date
        if (completion.length() <= 8 && columns.containsKey(Column.INITIATED)) {
            completion = cell(cells, columns, Column.INITIATED);
            timeColumn = Column.INITIATED;
        }
        Instant completedAt = time(completion, line, timeColumn.label());
        long paidIn = amount(cell(cells, columns, Column.PAID_IN), line, Column.PAID_IN.label());
        long withdrawn = amount(cell(cells, columns, Column.WITHDRAWN), line, Column.WITHDRAWN.label());
        if (paidIn != 0 && withdrawn != 0) {
            throw new Malformed(line, Column.PAID_IN.label(), "a row is either Paid In or Withdrawn, not both");
        }
        String status = cell(cells, columns, Column.STATUS);
        if (status.isEmpty()) {
            throw new Malformed(line, Column.STATUS.label(), "is empty");
        }
        return new Row(
                line,
                receipt,
                completedAt,
                cell(cells, columns, Column.DETAILS),
                status,
                paidIn,
                withdrawn,
                cell(cells, columns, Column.REASON),
                blankToNull(cell(cells, columns, Column.LINKED)));
    }

    private static String cell(List<String> cells, Map<Column, Integer> columns, Column column) {
        Integer index = columns.get(column);
        return index == null || index >= cells.size() ? "" : cells.get(index).trim();
    }

    /** An amount in KES, as the portal writes it ({@code 1,000.00}, {@code -500}, empty); minor units, never negative. */
    static long amount(String text, int line, String column) {
        String plain = text.replace(",", "").replace(" ", "");
        if (plain.isEmpty()) {
            return 0;
        }
        try {
            BigDecimal major = new BigDecimal(plain).abs();
            return Money.toMinor(major)
                    .orElseThrow(() -> new Malformed(line, column, "\"" + text + "\" has more than two decimals"));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Malformed(line, column, "\"" + text + "\" is not an amount");
        }
    }

    static Instant time(String text, int line, String column) {
        String value = text.trim();
        for (DateTimeFormatter format : TIMES) {
            try {
                return LocalDateTime.parse(value, format)
                        .atZone(EastAfricaTime.ZONE)
                        .toInstant();
            } catch (DateTimeParseException next) {
                // the next format
            }
        }
        throw new Malformed(
                line,
                column,
                "\"" + text + "\" is not a time (dd-MM-yyyy HH:mm:ss, dd-MM-yyyy HH:mm or yyyy-MM-dd HH:mm:ss)");
    }

    /** One CSV line: commas separate, double quotes quote (a doubled quote inside is one quote). */
    static List<String> cells(String line, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new Malformed(lineNumber, null, "a quoted cell is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
