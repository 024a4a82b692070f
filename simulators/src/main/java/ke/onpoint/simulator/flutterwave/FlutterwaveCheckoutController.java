package ke.onpoint.simulator.flutterwave;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The hosted checkout a {@code POST /v3/payments} link points at ({@code /sim/flutterwave/__sim/checkout/{token}}).
 * A person gets a small page with Pay / Decline / Cancel buttons and is then sent to the merchant's redirect_url
 * with {@code status}, {@code tx_ref} and {@code transaction_id}, as Flutterwave does. Tests use the JSON twin,
 * {@code POST …/{token}/pay|decline|cancel}. Not Flutterwave's API, so faults never apply here.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH + FlutterwaveApiController.CONTROL_PATH + "/checkout")
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveCheckoutController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final FlutterwaveTransactions simulator;

    public FlutterwaveCheckoutController(FlutterwaveTransactions simulator) {
        this.simulator = simulator;
    }

    @GetMapping("/{token}")
    public ResponseEntity<String> page(@PathVariable String token) {
        return simulator
                .findByToken(token)
                .map(transaction -> html(HttpStatus.OK, checkoutPage(transaction)))
                .orElseGet(() -> html(
                        HttpStatus.NOT_FOUND,
                        resultPage("Payment link not found", "This checkout link is unknown or has expired.")));
    }

    /** The page's form: field {@code choice} is pay, decline or cancel. Answers 303 to redirect_url or a page. */
    @PostMapping(value = "/{token}")
    public ResponseEntity<String> submit(
            @PathVariable String token, @RequestParam(value = "choice", required = false) String choice) {
        Optional<FlutterwaveTransactions.Choice> parsed = FlutterwaveTransactions.Choice.parse(choice);
        if (parsed.isEmpty()) {
            return html(HttpStatus.BAD_REQUEST, resultPage("Unknown choice", "Choose Pay, Decline or Cancel."));
        }
        FlutterwaveTransactions.ChoiceResult result = simulator.choose(token, parsed.get());
        return switch (result.status()) {
            case NOT_FOUND ->
                html(
                        HttpStatus.NOT_FOUND,
                        resultPage("Payment link not found", "This checkout link is unknown or has expired."));
            case NOT_PENDING ->
                html(
                        HttpStatus.CONFLICT,
                        resultPage(
                                "Payment already completed",
                                "This payment is already "
                                        + result.transaction().status().wireName() + "."));
            case DONE -> {
                FlutterwaveTransaction transaction = result.transaction();
                String redirect = redirectTarget(transaction);
                if (redirect != null) {
                    yield ResponseEntity.status(HttpStatus.SEE_OTHER)
                            .location(URI.create(redirect))
                            .build();
                }
                String status = transaction.status().wireName();
                yield html(
                        HttpStatus.OK,
                        resultPage(
                                "Payment " + status,
                                "Transaction " + transaction.id() + " (" + transaction.txRef() + ") is " + status
                                        + "."));
            }
        };
    }

    /** For tests: the same choice as the buttons, answered with the payment's new state and where it would go. */
    @PostMapping("/{token}/{choice}")
    public ResponseEntity<String> choose(@PathVariable String token, @PathVariable String choice) {
        Optional<FlutterwaveTransactions.Choice> parsed = FlutterwaveTransactions.Choice.parse(choice);
        if (parsed.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "unknown choice " + choice + "; use pay, decline or cancel");
        }
        FlutterwaveTransactions.ChoiceResult result = simulator.choose(token, parsed.get());
        return switch (result.status()) {
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "unknown checkout token " + token);
            case NOT_PENDING -> {
                ObjectNode conflict = SimulatorJson.object()
                        .put(
                                "error",
                                "transaction is already "
                                        + result.transaction().status().wireName());
                conflict.set("transaction", view(result.transaction()));
                yield FlutterwaveJson.response(HttpStatus.CONFLICT, conflict);
            }
            case DONE -> {
                ObjectNode json = view(result.transaction());
                json.put("redirect_to", redirectTarget(result.transaction()));
                yield FlutterwaveJson.ok(json);
            }
        };
    }

    /** redirect_url plus {@code status}, {@code tx_ref} and {@code transaction_id}; null without a redirect_url. */
    static String redirectTarget(FlutterwaveTransaction transaction) {
        String base = transaction.request().redirectUrl();
        if (base == null) {
            return null;
        }
        String fragment = "";
        int hash = base.indexOf('#');
        if (hash >= 0) {
            fragment = base.substring(hash);
            base = base.substring(0, hash);
        }
        String separator = base.indexOf('?') < 0 ? "?" : (base.endsWith("?") || base.endsWith("&") ? "" : "&");
        return base + separator
                + "status=" + encode(transaction.status().wireName())
                + "&tx_ref=" + encode(transaction.txRef())
                + "&transaction_id=" + transaction.id()
                + fragment;
    }

    private ObjectNode view(FlutterwaveTransaction transaction) {
        return transaction.toJson(simulator.checkoutLink(transaction));
    }

    private static String checkoutPage(FlutterwaveTransaction transaction) {
        FlutterwavePaymentRequest request = transaction.request();
        String merchant = request.title() != null ? request.title() : FlutterwaveTransaction.DEFAULT_NARRATION;
        StringBuilder body = new StringBuilder()
                .append("<p class=\"amount\">")
                .append(escape(request.currency()))
                .append(' ')
                .append(escape(request.amount().toPlainString()))
                .append("</p>")
                .append("<p>")
                .append(escape(request.customerEmail()))
                .append("<br>Reference ")
                .append(escape(request.txRef()))
                .append("</p>");
        FlutterwaveTransaction.Status status = transaction.status();
        if (status == FlutterwaveTransaction.Status.PENDING) {
            // Relative action: the page's own URL, whatever host or proxy the browser came through.
            body.append("<form method=\"post\" action=\"")
                    .append(escape(transaction.checkoutToken()))
                    .append("\">")
                    .append("<p>Test card 5531 8866 5214 2950, 09/32, CVV 564, PIN 3310</p>")
                    .append("<button name=\"choice\" value=\"pay\" class=\"pay\">Pay</button> ")
                    .append("<button name=\"choice\" value=\"decline\">Decline</button> ")
                    .append("<button name=\"choice\" value=\"cancel\">Cancel</button>")
                    .append("</form>");
        } else {
            body.append("<p>This payment is ").append(escape(status.wireName())).append(".</p>");
        }
        return document("Pay " + merchant, body.toString());
    }

    private static String resultPage(String title, String message) {
        return document(title, "<p>" + escape(message) + "</p>");
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " - Flutterwave simulator</title>"
                + "<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
                + ".amount{font-size:2rem;font-weight:bold}button{font-size:1rem;padding:.5rem 1rem}"
                + ".pay{background:#f5a623;border:0}</style></head><body>"
                + "<h1>" + escape(title) + "</h1>" + body
                + "<p><small>Flutterwave v3 simulator: no money moves.</small></p></body></html>";
    }

    private static ResponseEntity<String> html(HttpStatus status, String page) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(page);
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return FlutterwaveJson.response(status, SimulatorJson.object().put("error", message));
    }

    private static String escape(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value, StandardCharsets.UTF_8.name());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
