package ke.onpoint.simulator.daraja;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers of the account APIs (C2B, Transaction Status, Reversal) in Safaricom's formats. */
final class AccountIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(DarajaTime.EAT);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AccountIds() {}

    /** Like {@code 7619-37765134-1}: OriginatorConversationID (and C2B's misspelt OriginatorCoversationID). */
    static String originatorConversationId() {
        return (1000 + RANDOM.nextInt(9000)) + "-" + (10_000_000 + SEQUENCE.incrementAndGet() % 90_000_000) + "-1";
    }

    /** Like {@code AG_20210709_1234409f86436c583e3f}: AG_, the EAT date, 20 hex digits. */
    static String conversationId(Instant at) {
        return "AG_" + DAY.format(at) + "_" + String.format("%08x", SEQUENCE.incrementAndGet() & 0xffffffffL)
                + String.format("%012x", RANDOM.nextLong() & 0xffffffffffffL);
    }

    /** The placeholder TransactionID of a failed Result, like {@code SKE0000000}. */
    static String failedTransactionId() {
        return DarajaIds.receiptNumber().substring(0, 3) + "0000000";
    }
}
