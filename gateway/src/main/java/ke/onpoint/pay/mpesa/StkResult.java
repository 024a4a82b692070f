package ke.onpoint.pay.mpesa;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentStatus;

/**
 * The final result of an STK Push, from its callback or from STK Query, and what it means for the payment.
 * {@code ResultCode} is a number in callbacks and a string in queries, so it is kept as text.
 */
public record StkResult(
        String checkoutRequestId,
        String resultCode,
        String resultDesc,
        String receipt,
        String paidPhone,
        Instant transactionDate,
        String merchantRequestId,
        Long amountMinor) {

    /** A result that carries no MerchantRequestID and no amount (STK Query, tests). */
    public StkResult(
            String checkoutRequestId,
            String resultCode,
            String resultDesc,
            String receipt,
            String paidPhone,
            Instant transactionDate) {
        this(checkoutRequestId, resultCode, resultDesc, receipt, paidPhone, transactionDate, null, null);
    }

    private static final DateTimeFormatter DARAJA_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** 0 completed; 1032 cancelled by the customer; 1019/1037 the prompt timed out; anything else failed. */
    public PaymentStatus status() {
        return switch (resultCode) {
            case "0" -> PaymentStatus.COMPLETED;
            case "1032" -> PaymentStatus.CANCELLED;
            case "1019", "1037" -> PaymentStatus.EXPIRED;
            default -> PaymentStatus.FAILED;
        };
    }

    public PaymentOutcome toOutcome() {
        PaymentStatus status = status();
        return status == PaymentStatus.COMPLETED
                ? PaymentOutcome.completed(receipt, paidPhone, transactionDate)
                : PaymentOutcome.failed(status, resultCode, resultDesc);
    }

    /** Daraja's {@code yyyyMMddHHmmss} in EAT; null when absent or unreadable (the payment is still valid). */
    static Instant darajaTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), DARAJA_TIME)
                    .atZone(DarajaPassword.EAT)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Daraja's {@code Amount} ({@code 1}, {@code 1.00}, {@code "100"}) in minor units; null when absent or unreadable. */
    static Long amountMinor(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new java.math.BigDecimal(text.trim()).movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** Normalises a numeric or textual code: {@code 0}, {@code "0"} and {@code 0.0} are all "0". */
    static String code(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        String text = node.asText().trim();
        return text.isEmpty() ? null : text;
    }
}
