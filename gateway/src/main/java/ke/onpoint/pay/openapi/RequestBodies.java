package ke.onpoint.pay.openapi;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.payment.PaymentMethod;

/**
 * The JSON bodies merchants send, as the document shows them. The gateway reads bodies field by field (to name every
 * invalid field in one 422), so these records describe the wire shape; {@code OpenApiFlowsIT} sends each example and
 * checks that leaving out a required field is a 422 naming it, so the two cannot part.
 */
final class RequestBodies {

    private RequestBodies() {}

    record InitiatePayment(
            @JsonProperty(required = true)
            @JsonPropertyDescription("Major units: whole KES 1 to 250,000 for M-Pesa; KES or USD with cents for cards")
            BigDecimal amount,

            @JsonPropertyDescription("ISO 4217; KES when absent (M-Pesa: KES only; cards: KES or USD)")
            String currency,

            @JsonProperty(required = true) PaymentMethod paymentMethod,

            @JsonPropertyDescription("Kenyan mobile number (07…, 01…, +254…, 254…); required for M-Pesa")
            String phone,

            @JsonPropertyDescription("The customer's email; required for cards")
            String email,

            @JsonProperty(required = true)
            @JsonPropertyDescription(
                    "Your own order reference: 1 to 64 of letters, digits and . _ : / # -, " + "usable once")
            String reference,

            String description,

            @JsonPropertyDescription("Where payment events are posted for this payment")
            String callbackUrl,

            @JsonPropertyDescription("Any JSON object of at most 4096 bytes, given back as sent")
            JsonNode metadata) {}

    record PaymentLookup(
            @JsonProperty(required = true) @JsonPropertyDescription("The gateway's TXN… reference or your own")
            String reference,

            PaymentMethod paymentMethod) {}

    record Refund(
            @JsonProperty(required = true) @JsonPropertyDescription("The payment's reference (the gateway's or yours)")
            String reference,

            @JsonPropertyDescription("Major units; the rest of the payment when absent")
            BigDecimal amount,

            String reason) {}

    record Register(
            @JsonProperty(required = true) String businessName,
            @JsonProperty(required = true) String email,

            @JsonProperty(required = true) @JsonPropertyDescription("At least 12 characters")
            String password,

            @JsonProperty(required = true) String phone) {}

    record Login(
            @JsonProperty(required = true) String email,
            @JsonProperty(required = true) String password) {}

    record RefreshToken(@JsonProperty(required = true) String refresh) {}

    record AcceptInvite(
            @JsonProperty(required = true) String token,
            @JsonProperty(required = true) String password) {}

    record CreateApiKey(
            @JsonProperty(required = true) String name,

            @JsonProperty(required = true) @JsonPropertyDescription("test or live (live needs approved KYC)")
            String mode,

            @JsonProperty(required = true)
            @JsonPropertyDescription("payments:write, payments:read, refunds:write, webhooks:manage, …")
            List<String> scopes) {}

    record UserRole(
            @JsonProperty(required = true)
            @JsonPropertyDescription("owner, developer or viewer; the last active owner stays an owner")
            String role) {}

    record WebhookUrl(
            @JsonProperty(required = true) @JsonPropertyDescription("Absolute http(s) URL without credentials")
            String url) {}
}
