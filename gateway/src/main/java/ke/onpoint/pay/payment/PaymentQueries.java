package ke.onpoint.pay.payment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.springframework.stereotype.Component;

/**
 * Look-ups a merchant makes. A payment is found by the gateway's reference or the merchant's own, and only among
 * the caller's payments in the key's mode: anyone else's reference is a 404, exactly like an unknown one.
 */
@Component
public class PaymentQueries {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    private static final Pattern RECEIPT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LAST_FOUR = Pattern.compile("[0-9]{4}");

    private final PaymentRepository payments;
    private final PaymentRails rails;

    public PaymentQueries(PaymentRepository payments, PaymentRails rails) {
        this.payments = payments;
        this.rails = rails;
    }

    /**
     * The status answer: the payment and what its provider said when last asked, where its rail asks (for an M-Pesa
     * receipt, Safaricom's Transaction Status: a new query is sent when the last is older than a minute; its answer
     * shows on a later call).
     */
    public record StatusAnswer(@JsonUnwrapped PaymentView payment, ProviderCheck providerCheck) {}

    public record Page(List<PaymentView> data, boolean hasMore, String nextCursor) {}

    public PaymentView get(MerchantPrincipal merchant, String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 64) {
            throw ApiProblem.notFound("No payment with that reference");
        }
        return payments.findForMerchant(merchant.merchantId(), merchant.mode(), reference)
                .or(() -> payments.findArchivedForMerchant(merchant.merchantId(), merchant.mode(), reference))
                .map(PaymentView::of)
                .orElseThrow(() -> ApiProblem.notFound("No payment with reference '" + reference + "'"));
    }

    public StatusAnswer status(MerchantPrincipal merchant, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode reference = body.get("reference");
        if (reference == null || !reference.isTextual() || reference.asText().isBlank()) {
            errors.add(new FieldError("reference", "is required: the gateway's reference (TXN…) or your own"));
        }
        JsonNode method = body.get("payment_method");
        if (method != null
                && !method.isNull()
                && (!method.isTextual()
                        || PaymentMethod.fromCode(method.asText()).isEmpty())) {
            errors.add(new FieldError(
                    "payment_method", "must be one of: " + String.join(", ", PaymentMethod.supportedCodes())));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        String wanted = reference.asText().trim();
        Optional<Payment> live = payments.findForMerchant(merchant.merchantId(), merchant.mode(), wanted);
        Payment payment = live.or(
                        () -> payments.findArchivedForMerchant(merchant.merchantId(), merchant.mode(), wanted))
                .orElseThrow(() -> ApiProblem.notFound("No payment with reference '" + reference.asText() + "'"));
        if (method != null && !method.isNull() && !payment.method().code().equals(method.asText())) {
            throw ApiProblem.notFound("No " + method.asText() + " payment with reference '" + reference.asText() + "'");
        }
        // an archived payment ended long ago: its provider is not asked again
        return new StatusAnswer(
                PaymentView.of(payment),
                live.isPresent() ? rails.statusCheck(payment).orElse(null) : null);
    }

    public Page list(MerchantPrincipal merchant, Map<String, Object> query) {
        List<FieldError> errors = new ArrayList<>();
        PaymentStatus status = null;
        String statusText = param(query, "status");
        if (statusText != null) {
            status = PaymentStatus.fromCode(statusText).orElse(null);
            if (status == null) {
                errors.add(new FieldError("status", "is not a payment status"));
            }
        }
        PaymentMethod method = null;
        String methodText = param(query, "payment_method");
        if (methodText != null) {
            method = PaymentMethod.fromCode(methodText).orElse(null);
            if (method == null) {
                errors.add(new FieldError(
                        "payment_method", "must be one of: " + String.join(", ", PaymentMethod.supportedCodes())));
            }
        }
        Instant from = day(param(query, "date_from"), "date_from", 0, errors);
        Instant before = day(param(query, "date_to"), "date_to", 1, errors); // date_to is inclusive
        int limit = DEFAULT_PAGE;
        String limitText = param(query, "limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
                if (limit < 1 || limit > MAX_PAGE) {
                    errors.add(new FieldError("limit", "must be between 1 and " + MAX_PAGE));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a whole number"));
            }
        }
        Long beforeId = cursor(param(query, "cursor"), errors);
        String phoneText = param(query, "phone");
        String phone = null;
        if (phoneText != null) {
            phone = PhoneNumbers.normalise(phoneText).orElse(null);
            if (phone == null) {
                errors.add(new FieldError("phone", "must be a Kenyan mobile number such as 0712345678"));
            }
        }
        String search = param(query, "search");
        if (search != null && search.length() > 64) {
            errors.add(new FieldError("search", "must be at most 64 characters"));
        }
        String receipt = param(query, "receipt");
        if (receipt != null && !RECEIPT.matcher(receipt).matches()) {
            errors.add(new FieldError(
                    "receipt", "must be a provider's receipt or transaction id (letters, digits, - and _)"));
        }
        String phoneLast4 = param(query, "phone_last4");
        if (phoneLast4 != null && !LAST_FOUR.matcher(phoneLast4).matches()) {
            errors.add(new FieldError("phone_last4", "must be the last 4 digits of a phone number"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        List<Payment> rows = payments.list(new PaymentRepository.ListFilter(
                merchant.merchantId(),
                merchant.mode(),
                status,
                method,
                from,
                before,
                beforeId,
                limit + 1,
                phone,
                search,
                receipt,
                phoneLast4));
        boolean hasMore = rows.size() > limit;
        List<Payment> page = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? encodeCursor(page.get(page.size() - 1).id()) : null;
        return new Page(page.stream().map(PaymentView::of).toList(), hasMore, next);
    }

    private static String param(Map<String, Object> query, String name) {
        Object value = query.get(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** A calendar day in Kenyan time ({@code 2024-01-31}), as the instant it starts, plus {@code plusDays}. */
    private static Instant day(String text, String field, int plusDays, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text)
                    .plusDays(plusDays)
                    .atStartOfDay(EastAfricaTime.ZONE)
                    .toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date such as 2024-01-31"));
            return null;
        }
    }

    static String encodeCursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("p" + id).getBytes(StandardCharsets.US_ASCII));
    }

    private static Long cursor(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (decoded.startsWith("p")) {
                return Long.parseLong(decoded.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        errors.add(new FieldError("cursor", "is not a cursor this API returned"));
        return null;
    }
}
