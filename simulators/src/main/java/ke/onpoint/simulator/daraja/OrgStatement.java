package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import ke.onpoint.simulator.ReconOverrides;
import org.springframework.stereotype.Component;

/**
 * The organisation statement as operators download it from the M-PESA org portal (§1.17), built from what the
 * simulator did for a shortcode: STK and C2B receipts paid in, reversals, B2C and B2B payouts (and their charges, as
 * rows of their own) paid out, B2B payments received, plus the discrepancies a reconciliation test planted. One EAT
 * day, Completed rows, newest first, with a running balance from the shortcode's configured opening balance. The
 * statement covers all of the shortcode's movements in one account (the simulator keeps no separate MMF statement).
 */
@Component
@ConditionalOnDarajaSimulator
public class OrgStatement {

    static final String HEADER = "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,"
            + "Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.";
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm:ss").withZone(DarajaTime.EAT);
    static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(DarajaTime.EAT);
    static final String COMPLETED = "Completed";

    /**
     * One statement row before the balance is known. {@code main} is false for a charge row, which shares its
     * payout's receipt but is never the one a planted amount changes.
     */
    record Row(
            String shortCode,
            String receipt,
            Instant completed,
            Instant initiated,
            String details,
            String status,
            BigDecimal paidIn,
            BigDecimal withdrawn,
            String reasonType,
            String otherParty,
            String linked,
            String account,
            boolean main) {

        Row withMoney(BigDecimal amount) {
            return new Row(
                    shortCode,
                    receipt,
                    completed,
                    initiated,
                    details,
                    status,
                    paidIn == null ? null : amount,
                    withdrawn == null ? null : amount,
                    reasonType,
                    otherParty,
                    linked,
                    account,
                    main);
        }

        Row withStatus(String newStatus) {
            return new Row(
                    shortCode,
                    receipt,
                    completed,
                    initiated,
                    details,
                    newStatus,
                    paidIn,
                    withdrawn,
                    reasonType,
                    otherParty,
                    linked,
                    account,
                    main);
        }

        BigDecimal movement() {
            return paidIn != null ? paidIn : withdrawn.negate();
        }
    }

    /** The day's statement: rows newest first, each with its balance after. */
    record Statement(String shortCode, LocalDate day, BigDecimal opening, BigDecimal closing, List<Line> lines) {}

    record Line(Row row, BigDecimal balance) {}

    private final DarajaAccountProperties properties;
    private final DarajaStkTransactions stk;
    private final C2bSimulator c2b;
    private final AccountResultsSimulator results;
    private final PayoutSimulator payouts;
    private final ReconOverrides overrides = new ReconOverrides();
    private final List<Row> planted = new CopyOnWriteArrayList<>();

    public OrgStatement(
            DarajaAccountProperties properties,
            DarajaStkTransactions stk,
            C2bSimulator c2b,
            AccountResultsSimulator results,
            PayoutSimulator payouts) {
        this.properties = properties;
        this.stk = stk;
        this.c2b = c2b;
        this.results = results;
        this.payouts = payouts;
    }

    ReconOverrides overrides() {
        return overrides;
    }

    /** A customer payment only M-Pesa knows about (a provider-only receipt); returns its row. */
    Row plant(String shortCode, long amount, String msisdn, String account, Instant at) {
        Row row = new Row(
                shortCode,
                DarajaIds.receiptNumber(),
                at,
                at,
                "Pay Bill from " + msisdn + " - " + AccountResultsSimulator.CUSTOMER_NAME + " Acc. " + account,
                COMPLETED,
                BigDecimal.valueOf(amount),
                null,
                "Pay Utility",
                msisdn + " - " + AccountResultsSimulator.CUSTOMER_NAME,
                "",
                account,
                true);
        planted.add(row);
        return row;
    }

    void forgetPlanted() {
        planted.clear();
    }

    /** Whether any row (of any shortcode) has this receipt. */
    boolean knows(String receipt) {
        return rows().anyMatch(row -> row.receipt().equals(receipt));
    }

    Statement statement(String shortCode, LocalDate day) {
        List<Row> history = rows().filter(row -> row.shortCode().equals(shortCode))
                .filter(row -> !overrides.dropped(row.receipt()))
                .map(this::overridden)
                .filter(row -> row.completed() != null)
                .sorted(Comparator.comparing(Row::completed)
                        .thenComparing(Row::receipt)
                        .thenComparing(Row::main))
                .toList();
        BigDecimal balance = OrgAccounts.kes(properties.openingBalance());
        BigDecimal opening = null;
        List<Line> lines = new ArrayList<>();
        for (Row row : history) {
            LocalDate rowDay = LocalDate.ofInstant(row.completed(), DarajaTime.EAT);
            if (rowDay.isAfter(day)) {
                break;
            }
            if (!rowDay.isBefore(day) && opening == null) {
                opening = balance;
            }
            if (COMPLETED.equals(row.status())) {
                balance = balance.add(row.movement());
            }
            if (!rowDay.isBefore(day)) {
                lines.add(new Line(row, balance));
            }
        }
        if (opening == null) {
            opening = balance;
        }
        List<Line> newestFirst = new ArrayList<>(lines);
        java.util.Collections.reverse(newestFirst);
        return new Statement(shortCode, day, opening, balance, newestFirst);
    }

    /** The portal's CSV: six metadata lines, the 13-column header, the rows. */
    static String csv(Statement statement) {
        StringBuilder out = new StringBuilder();
        String from = statement.day().format(DateTimeFormatter.ofPattern("dd-MM-yyyy"));
        out.append("Organization Name:,")
                .append(AccountResultsSimulator.ORG_NAME)
                .append("\r\n");
        out.append("Short Code:,").append(statement.shortCode()).append("\r\n");
        out.append("Account:,Utility Account").append("\r\n");
        out.append("Time Period:,From,")
                .append(from)
                .append(" 00:00:00,To,")
                .append(from)
                .append(" 23:59:59\r\n");
        out.append("Currency:,KES\r\n");
        out.append("Opening Balance:,")
                .append(OrgAccounts.format(statement.opening()))
                .append(",Closing Balance:,")
                .append(OrgAccounts.format(statement.closing()))
                .append("\r\n");
        out.append(HEADER).append("\r\n");
        for (Line line : statement.lines()) {
            Row row = line.row();
            out.append(String.join(
                            ",",
                            field(row.receipt()),
                            field(TIME.format(row.completed())),
                            field(TIME.format(row.initiated())),
                            field(row.details()),
                            field(row.status()),
                            row.paidIn() == null ? "" : OrgAccounts.format(row.paidIn()),
                            // Withdrawn as the recent exports write it, negative (§1.17: take its absolute value).
                            row.withdrawn() == null
                                    ? ""
                                    : OrgAccounts.format(row.withdrawn().negate()),
                            OrgAccounts.format(line.balance()),
                            "true",
                            field(row.reasonType()),
                            field(row.otherParty()),
                            field(row.linked()),
                            field(row.account())))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** {@code ORG_<shortcode>_Utility Account_Completed_<yyyyMMddHHmmss>.csv}. */
    static String fileName(String shortCode, Instant at) {
        return "ORG_" + shortCode + "_Utility Account_Completed_" + FILE_TIME.format(at) + ".csv";
    }

    private Row overridden(Row row) {
        Row result = row;
        if (row.main()) {
            result = overrides.amount(row.receipt()).map(result::withMoney).orElse(result);
        }
        return overrides.status(row.receipt()).map(result::withStatus).orElse(result);
    }

    private Stream<Row> rows() {
        return Stream.of(stkRows(), c2bRows(), reversalRows(), payoutRows(), planted.stream())
                .flatMap(s -> s);
    }

    private Stream<Row> stkRows() {
        return stk.all().stream()
                .filter(t -> t.outcome() != null && t.outcome().resultCode() == 0)
                .map(t -> paidIn(
                        t.request().businessShortCode(),
                        t.outcome().receipt(),
                        t.outcome().resolvedAt(),
                        t.createdAt(),
                        "Pay Bill Online",
                        t.request().phoneNumber(),
                        t.request().amount(),
                        t.request().accountReference()));
    }

    private Stream<Row> c2bRows() {
        return c2b.all().stream()
                .filter(t -> t.status() == C2bTransaction.Status.COMPLETED)
                .map(t -> paidIn(
                        t.payment().shortCode(),
                        t.transId(),
                        t.finalisedAt() != null ? t.finalisedAt() : t.transTime(),
                        t.transTime(),
                        "Buy Goods".equals(t.payment().transactionType()) ? "Merchant Payment" : "Pay Utility",
                        t.payment().msisdn(),
                        t.payment().amount(),
                        t.payment().billRefNumber()));
    }

    private Stream<Row> reversalRows() {
        return results.reversals().stream()
                .map(r -> new Row(
                        r.original().shortCode(),
                        r.receipt(),
                        r.at(),
                        r.at(),
                        "Reversal of " + r.original().receipt(),
                        COMPLETED,
                        null,
                        BigDecimal.valueOf(r.original().amount()),
                        "Reversal",
                        r.original().msisdn() + " - " + AccountResultsSimulator.CUSTOMER_NAME,
                        r.original().receipt(),
                        "",
                        true));
    }

    private Stream<Row> payoutRows() {
        return payouts.list().stream().filter(Payout::succeeded).flatMap(this::payoutRows);
    }

    private Stream<Row> payoutRows(Payout payout) {
        PayoutRequests.PayoutRequest request = payout.request();
        boolean b2c = payout.kind() == PayoutRequests.Kind.B2C;
        String reason = b2c
                ? "Business Payment to Customer"
                : "BusinessBuyGoods".equals(request.commandId()) ? "Business Buy Goods" : "Business Pay Bill";
        String recipient = b2c
                ? request.partyB() + " - " + AccountResultsSimulator.CUSTOMER_NAME
                : request.partyB() + " - " + AccountResultsSimulator.ORG_NAME;
        String account = request.accountReference() == null ? "" : request.accountReference();
        Instant at = payout.receivedAt();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(
                request.partyA(),
                payout.transactionId(),
                at,
                at,
                (b2c ? "Business Payment to " : reason + " to ")
                        + recipient
                        + (account.isEmpty() ? "" : " Acc. " + account),
                COMPLETED,
                null,
                BigDecimal.valueOf(request.amount()),
                reason,
                recipient,
                "",
                account,
                true));
        if (payout.charge() > 0) {
            rows.add(new Row(
                    request.partyA(),
                    payout.transactionId(),
                    at,
                    at,
                    reason + " Charge",
                    COMPLETED,
                    null,
                    BigDecimal.valueOf(payout.charge()),
                    reason + " Charge",
                    recipient,
                    payout.transactionId(),
                    "",
                    false));
        }
        if (!b2c) {
            String payer = request.partyA() + " - " + AccountResultsSimulator.ORG_NAME;
            rows.add(new Row(
                    request.partyB(),
                    payout.transactionId(),
                    at,
                    at,
                    reason + " from " + payer + (account.isEmpty() ? "" : " Acc. " + account),
                    COMPLETED,
                    BigDecimal.valueOf(request.amount()),
                    null,
                    reason,
                    payer,
                    "",
                    account,
                    true));
        }
        return rows.stream();
    }

    private static Row paidIn(
            String shortCode,
            String receipt,
            Instant completed,
            Instant initiated,
            String reason,
            String msisdn,
            long amount,
            String account) {
        String party = msisdn + " - " + AccountResultsSimulator.CUSTOMER_NAME;
        String acc = account == null ? "" : account;
        return new Row(
                shortCode,
                receipt,
                completed,
                initiated,
                reason.replace("Pay Utility", "Pay Bill") + " from " + party + (acc.isEmpty() ? "" : " Acc. " + acc),
                COMPLETED,
                BigDecimal.valueOf(amount),
                null,
                reason,
                party,
                "",
                acc,
                true);
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
