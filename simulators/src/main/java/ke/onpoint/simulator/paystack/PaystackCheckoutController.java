package ke.onpoint.simulator.paystack;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The hosted checkout behind {@code authorization_url} ({@code /sim/paystack/__sim/checkout/<access_code>}): the
 * customer pays, declines or closes it here, so card data never reaches the gateway. Browsers get HTML forms and a
 * 303 back to the transaction's {@code callback_url} with {@code ?trxref=&reference=}; the same action URLs answer
 * JSON to anything that does not post a form (tests). Not a Paystack API path, so faults never apply here.
 */
@RestController("paystackSimCheckoutController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH + "/checkout")
@ConditionalOnPaystackSimulator
public class PaystackCheckoutController {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final PaystackTransactions ledger;

    public PaystackCheckoutController(PaystackTransactions ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/{accessCode}")
    public ResponseEntity<String> page(@PathVariable String accessCode, HttpServletRequest request) {
        PaystackTransaction transaction = ledger.findByAccessCode(accessCode)
                .filter(PaystackTransaction::checkoutPending)
                .orElse(null);
        if (transaction == null) {
            return html(
                    HttpStatus.NOT_FOUND,
                    "Checkout not found",
                    "<p>This payment link is invalid or has already been used.</p>");
        }
        String action = request.getContextPath() + PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH
                + "/checkout/" + esc(accessCode) + "/";
        String content = "<p class=\"merchant\">OnPoint Pay test merchant (simulated Paystack checkout)</p>"
                + "<p class=\"amount\">" + esc(money(transaction.amount(), transaction.currency())) + "</p>"
                + "<p class=\"email\">"
                + esc(transaction.toJson().path("customer").path("email").asText()) + "</p>"
                + "<p class=\"card\">Test card 4084 0840 8408 4081, 12/30</p>"
                + form(action + "pay", "Pay " + money(transaction.amount(), transaction.currency()), "pay")
                + form(action + "decline", "Decline (card declined)", "decline")
                + form(action + "abandon", "Close (abandon)", "abandon");
        return html(HttpStatus.OK, "Pay " + money(transaction.amount(), transaction.currency()), content);
    }

    /** {@code action} is pay, decline or abandon; a form post gets the browser flow, anything else JSON. */
    @PostMapping("/{accessCode}/{action}")
    public ResponseEntity<String> act(
            @PathVariable String accessCode, @PathVariable String action, HttpServletRequest request) {
        boolean browser = isForm(request.getContentType());
        PaystackTransactions.CheckoutAction checkoutAction;
        try {
            checkoutAction = PaystackTransactions.CheckoutAction.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return browser
                    ? html(HttpStatus.NOT_FOUND, "Not found", "<p>Unknown action.</p>")
                    : error(HttpStatus.NOT_FOUND, "unknown action " + action + " (pay, decline or abandon)");
        }
        PaystackTransactions.CheckoutResult result =
                ledger.checkout(accessCode, checkoutAction, request.getRemoteAddr());
        PaystackTransaction transaction = result.transaction();
        return switch (result.status()) {
            case NOT_FOUND ->
                browser
                        ? html(HttpStatus.NOT_FOUND, "Checkout not found", "<p>This payment link is invalid.</p>")
                        : error(HttpStatus.NOT_FOUND, "unknown access code " + accessCode);
            case NOT_PENDING ->
                browser
                        ? html(
                                HttpStatus.CONFLICT,
                                "Already completed",
                                "<p>This payment link has already been used.</p>")
                        : conflict(transaction);
            case DONE -> browser ? browserOutcome(checkoutAction, transaction) : jsonOutcome(transaction);
        };
    }

    private ResponseEntity<String> browserOutcome(
            PaystackTransactions.CheckoutAction action, PaystackTransaction transaction) {
        String target = action == PaystackTransactions.CheckoutAction.ABANDON
                ? cancelAction(transaction)
                : callbackRedirect(transaction);
        if (target != null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER)
                    .header(HttpHeaders.LOCATION, target)
                    .build();
        }
        String status = transaction.status();
        String message = switch (action) {
            case PAY -> "Payment successful.";
            case DECLINE -> "Payment declined.";
            case ABANDON -> "Payment cancelled.";
        };
        return html(
                HttpStatus.OK,
                message,
                "<p class=\"result\">" + esc(message) + "</p><p>Reference <code>" + esc(transaction.reference())
                        + "</code>, status <code>" + esc(status) + "</code>.</p>");
    }

    private static ResponseEntity<String> jsonOutcome(PaystackTransaction transaction) {
        ObjectNode json =
                SimulatorJson.object().put("reference", transaction.reference()).put("status", transaction.status());
        ObjectNode view = transaction.toJson();
        json.set("gateway_response", view.get("gateway_response"));
        json.put("redirect_url", callbackRedirect(transaction));
        json.set("transaction", view);
        return SimulatorJson.ok(json);
    }

    private static ResponseEntity<String> conflict(PaystackTransaction transaction) {
        ObjectNode json = SimulatorJson.object()
                .put("error", "checkout is no longer pending")
                .put("reference", transaction.reference())
                .put("status", transaction.status());
        return SimulatorJson.response(HttpStatus.CONFLICT, json);
    }

    /** callback_url plus {@code trxref} and {@code reference}, or null without a usable callback_url. */
    static String callbackRedirect(PaystackTransaction transaction) {
        String url = transaction.callbackUrl();
        if (!isHttpUrl(url)) {
            return null;
        }
        String reference = URLEncoder.encode(transaction.reference(), StandardCharsets.UTF_8);
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        String separator = url.contains("?") ? (url.endsWith("?") || url.endsWith("&") ? "" : "&") : "?";
        return url + separator + "trxref=" + reference + "&reference=" + reference + fragment;
    }

    /** Paystack's checkout sends a closing customer to {@code metadata.cancel_action} when there is one. */
    private static String cancelAction(PaystackTransaction transaction) {
        JsonNode cancel = transaction.toJson().path("metadata").path("cancel_action");
        return cancel.isTextual() && isHttpUrl(cancel.textValue()) ? cancel.textValue() : null;
    }

    private static boolean isHttpUrl(String url) {
        return url != null && (url.startsWith("http://") || url.startsWith("https://"));
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }

    private static String money(long subunits, String currency) {
        return currency + " " + BigDecimal.valueOf(subunits, 2).toPlainString();
    }

    private static String form(String action, String label, String name) {
        return "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"action\" value=\"" + name
                + "\"><button type=\"submit\" name=\"" + name + "\">" + esc(label) + "</button></form>";
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String content) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto}"
                + "button{display:block;width:100%;margin:.5rem 0;padding:.6rem}.amount{font-size:1.6rem}</style>"
                + "</head><body><h1>" + esc(title) + "</h1>" + content + "</body></html>";
        return ResponseEntity.status(status).contentType(HTML).body(page);
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text);
    }
}
