package ke.onpoint.pay.api;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Sha256;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} for POSTs that move money. The first request with a key claims it; its final answer
 * is stored and replayed to every retry with the same body. The same key with another body is refused.
 * A request refused before anything was written (bad input) releases its claim, so nothing is left behind.
 * An answer that may not reflect what was committed (an unexpected 500, the database unreachable) is never kept:
 * the claim stores what was committed instead ({@link #COMMITTED_ANSWER}), is released when nothing was written so a
 * retry runs again, or stays open as after a crash.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Set on the exchange once the request has written state: from then on its answer is kept, even a failure. */
    public static final String KEEP_ANSWER = "onpoint.idempotency.keepAnswer";
    /**
     * Set once state exists: a {@code Supplier<String>} of the 201 answer re-read from the committed state, stored in
     * place of an unreliable answer so a retry gets the payment, not the failure.
     */
    public static final String COMMITTED_ANSWER = "onpoint.idempotency.committedAnswer";
    /** Set by the error handler when the answer is a failure of ours, not a decision about the request. */
    public static final String UNRELIABLE_ANSWER = "onpoint.idempotency.unreliableAnswer";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final String CLAIM = "onpoint.idempotency.claim";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** A claim without an answer this old belongs to a request that died mid-flight; a retry may take it over. */
    private static final String ABANDONED_AFTER = "2 minutes";

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private record Claim(long merchantId, String mode, String key) {}

    private record Stored(byte[] requestHash, Integer status, String body) {}

    /**
     * Claims the request's key, or answers the exchange from the stored response.
     *
     * @return true when the exchange has been answered (a replay) and the route must stop
     */
    public boolean claimOrReplay(Exchange exchange, MerchantPrincipal principal, String body) {
        String key = exchange.getMessage().getHeader(HEADER, String.class);
        if (key == null) {
            return false;
        }
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        Optional<Answer> stored = claim(principal, key, path, body);
        if (stored.isEmpty()) {
            exchange.setProperty(CLAIM, new Claim(principal.merchantId(), principal.mode(), key));
            return false;
        }
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, stored.get().status());
        message.setHeader(
                Exchange.CONTENT_TYPE,
                stored.get().status() >= 400 ? ProblemResponses.PROBLEM_JSON : "application/json");
        message.setHeader("Idempotent-Replayed", "true");
        message.setBody(stored.get().body());
        return true;
    }

    /** The answer stored for a key. */
    public record Answer(int status, String body) {}

    /**
     * Claims {@code key} for a request to {@code path} with {@code body} (the routes', and a dashboard form's, which
     * has no exchange): empty when this request now holds the claim (it must {@link #settle} it), the stored answer
     * when the same request was already answered.
     *
     * @throws ApiProblem when the key is malformed, was used with another body, or its request is still running
     */
    public Optional<Answer> claim(MerchantPrincipal principal, String key, String path, String body) {
        if (!VALID_KEY.matcher(key).matches()) {
            throw ApiProblem.invalidField(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        byte[] hash = Sha256.of(path + "\n" + body);
        int inserted = jdbc.update(
                "INSERT INTO idempotency_keys (merchant_id, mode, idempotency_key, request_hash) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                principal.merchantId(),
                principal.mode(),
                key,
                hash);
        if (inserted == 1) {
            return Optional.empty();
        }
        Stored stored = jdbc.query(
                "SELECT request_hash, response_status, response_body FROM idempotency_keys "
                        + "WHERE merchant_id = ? AND mode = ? AND idempotency_key = ?",
                rs -> rs.next() ? new Stored(rs.getBytes(1), (Integer) rs.getObject(2), rs.getString(3)) : null,
                principal.merchantId(),
                principal.mode(),
                key);
        if (stored == null) {
            // released between our insert and select: the first request failed validation; claim afresh
            return claim(principal, key, path, body);
        }
        if (!Arrays.equals(stored.requestHash(), hash)) {
            throw new ApiProblem(
                    422,
                    "idempotency-key-reused",
                    "Idempotency-Key already used",
                    "This Idempotency-Key was used with a different request body; use a new key for a new request",
                    java.util.List.of(new FieldError(HEADER, "already used with a different request")));
        }
        if (stored.status() == null && takeOverAbandoned(principal, key, hash)) {
            return Optional.empty();
        }
        if (stored.status() == null) {
            throw ApiProblem.conflict(
                            "idempotency-key-in-progress",
                            "Request in progress",
                            "A request with this Idempotency-Key is still being processed; retry shortly",
                            HEADER)
                    .header("Retry-After", "1");
        }
        return Optional.of(new Answer(stored.status(), stored.body()));
    }

    /**
     * Settles a key claimed with {@link #claim}: the answer is kept when it succeeded or once state was written
     * ({@code written}), else the claim is released so a retry runs again.
     */
    public void settle(MerchantPrincipal principal, String key, int status, String body, boolean written) {
        Claim claim = new Claim(principal.merchantId(), principal.mode(), key);
        if (status < 400 || written) {
            store(claim, status, body);
        } else {
            release(claim);
        }
    }

    /**
     * A retry after a crash: whatever the dead request wrote stays consistent (a payment it created makes the retry
     * a duplicate-reference conflict, never a second payment).
     */
    private boolean takeOverAbandoned(MerchantPrincipal principal, String key, byte[] hash) {
        return jdbc.update(
                        "UPDATE idempotency_keys SET created_at = now() WHERE merchant_id = ? AND mode = ? "
                                + "AND idempotency_key = ? AND request_hash = ? AND response_status IS NULL "
                                + "AND created_at < now() - interval '" + ABANDONED_AFTER + "'",
                        principal.merchantId(),
                        principal.mode(),
                        key,
                        hash)
                == 1;
    }

    /** Stores the final answer of a claimed request, or releases the claim when nothing was written. */
    public void settle(Exchange exchange, int status, String body) {
        Claim claim = exchange.getProperty(CLAIM, Claim.class);
        if (claim == null) {
            return;
        }
        exchange.removeProperty(CLAIM);
        try {
            if (exchange.getProperty(UNRELIABLE_ANSWER, false, Boolean.class)) {
                String committed = committedAnswer(exchange);
                if (committed != null) {
                    store(claim, 201, committed);
                } else if (!exchange.getProperty(KEEP_ANSWER, false, Boolean.class)) {
                    release(claim); // nothing was written: the retry simply runs again
                }
                // else: state was written but cannot be re-read; the claim stays open as after a crash
                return;
            }
            if (status < 400 || exchange.getProperty(KEEP_ANSWER, false, Boolean.class)) {
                store(claim, status, body);
            } else {
                release(claim);
            }
        } catch (RuntimeException e) {
            // the database is unreachable: the claim stays unanswered and a retry takes it over once abandoned
            log.warn("Idempotency-Key {} could not be settled: {}", claim.key(), e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static String committedAnswer(Exchange exchange) {
        java.util.function.Supplier<String> committed =
                exchange.getProperty(COMMITTED_ANSWER, java.util.function.Supplier.class);
        if (committed == null) {
            return null;
        }
        try {
            return committed.get();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private void store(Claim claim, int status, String body) {
        jdbc.update(
                "UPDATE idempotency_keys SET response_status = ?, response_body = ?, completed_at = now() "
                        + "WHERE merchant_id = ? AND mode = ? AND idempotency_key = ?",
                status,
                body,
                claim.merchantId(),
                claim.mode(),
                claim.key());
    }

    private void release(Claim claim) {
        jdbc.update(
                "DELETE FROM idempotency_keys WHERE merchant_id = ? AND mode = ? AND idempotency_key = ?",
                claim.merchantId(),
                claim.mode(),
                claim.key());
    }
}
