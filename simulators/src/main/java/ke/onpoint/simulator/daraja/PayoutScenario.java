package ke.onpoint.simulator.daraja;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What happens to a B2C or B2B payout (reference §1.13): set through the control API
 * ({@code POST /sim/daraja/__sim/payouts/scenario}), or chosen by the recipient, as STK outcomes are chosen by
 * the phone: the last two digits of a B2C PartyB {@code 2547000001NN} or of a B2B PartyB {@code 6000NN}. Any other
 * recipient, and any suffix not listed, is {@link #SUCCESS}. Success still fails with ResultCode 1 when the paying
 * account's simulated float is smaller than the amount.
 */
enum PayoutScenario {
    SUCCESS("00", null, null, 1),
    INSUFFICIENT_FLOAT("01", "1", "The balance is insufficient for the transaction.", 1),
    INVALID_RECIPIENT("03", "SFC_IC0003", "The operator does not exist.", 1),
    UNREGISTERED_RECIPIENT(
            "40",
            "2040",
            "Credit Party customer type (Unregistered or Registered Customer) can't be supported by the service.",
            1),
    INITIATOR_INVALID("20", "2001", "The initiator information is invalid.", 1),
    CREDENTIAL_LOCKED("06", "8006", "The security credential is locked.", 1),
    PRODUCT_NOT_ASSIGNED("28", "2028", "The request is not permitted according to product assignment.", 1),
    INITIATOR_NOT_ALLOWED("21", "21", "The initiator is not allowed to initiate this request.", 1),
    INTERNAL_FAILURE("17", "17", "Internal Failure", 1),
    /** Paid, but the Result never comes (and no timeout either): only Transaction Status can tell. */
    NO_RESULT("90", null, null, 0),
    /** Paid, and the identical Result is POSTed twice, duplicateResultGap apart. */
    DUPLICATE_RESULT("91", null, null, 2),
    /** Paid, but QueueTimeOutURL gets a timeout notification instead of the Result. */
    TIMEOUT("93", null, null, 0),
    /** Refused synchronously: Daraja's spike arrest (nothing recorded, nothing paid). */
    SPIKE_ARREST("94", DarajaErrors::spikeArrest),
    /** Refused synchronously: {@code 400.002.02 Bad Request - Invalid PartyB}. */
    INVALID_PARTY_B("95", () -> DarajaErrors.invalidField("PartyB"));

    private static final Pattern B2C_TEST_NUMBER = Pattern.compile("2547000001(\\d\\d)");
    private static final Pattern B2B_TEST_SHORTCODE = Pattern.compile("6000(\\d\\d)");
    private static final Map<String, PayoutScenario> BY_SUFFIX =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(s -> s.suffix, s -> s));

    private final String suffix;
    private final String resultCode;
    private final String resultDesc;
    private final int results;
    private final Supplier<DarajaException> syncError;

    PayoutScenario(String suffix, String resultCode, String resultDesc, int results) {
        this.suffix = suffix;
        this.resultCode = resultCode;
        this.resultDesc = resultDesc;
        this.results = results;
        this.syncError = null;
    }

    PayoutScenario(String suffix, Supplier<DarajaException> syncError) {
        this.suffix = suffix;
        this.resultCode = null;
        this.resultDesc = null;
        this.results = 0;
        this.syncError = syncError;
    }

    /** The scenario a recipient's test number picks, or empty for an ordinary recipient. */
    static Optional<PayoutScenario> forRecipient(PayoutRequests.Kind kind, String partyB) {
        Matcher matcher = (kind == PayoutRequests.Kind.B2C ? B2C_TEST_NUMBER : B2B_TEST_SHORTCODE).matcher(partyB);
        return matcher.matches() ? Optional.of(BY_SUFFIX.getOrDefault(matcher.group(1), SUCCESS)) : Optional.empty();
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean rejectsSynchronously() {
        return syncError != null;
    }

    DarajaException syncError() {
        return syncError.get();
    }

    /** The failure this scenario forces, or null when the payout goes through (float permitting). */
    String resultCode() {
        return resultCode;
    }

    String resultDesc() {
        return resultDesc;
    }

    /** How many times the Result is POSTed to ResultURL: 0 (lost or timed out), 1, or 2 (duplicate). */
    int results() {
        return results;
    }
}
