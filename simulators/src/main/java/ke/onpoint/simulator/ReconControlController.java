package ke.onpoint.simulator;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The reconciliation controls every simulator has alike, under its own {@code /sim/<provider>/__sim}:
 * {@code POST /recon/provider-only} (money the provider has that the gateway does not know),
 * {@code POST /recon/drop/{key}}, {@code /recon/amount/{key}} ({@code {"amount":n}} in the provider's unit),
 * {@code /recon/status/{key}} ({@code {"status":"…"}}), {@code GET /recon} and {@code POST /recon/reset}. The key is
 * the provider's reference (Paystack reference, Flutterwave tx_ref, M-Pesa receipt).
 */
public abstract class ReconControlController {

    private final ReconOverrides overrides;
    private final Clock clock = Clock.systemUTC();

    protected ReconControlController(ReconOverrides overrides) {
        this.overrides = overrides;
    }

    /** Creates a record only the provider has, from the body; answers its view (or a 400). */
    protected abstract ResponseEntity<String> plantProviderOnly(ObjectNode body);

    /** Whether the provider has a record with this key. */
    protected abstract boolean knows(String key);

    /** Forgets the provider-only records planted so far. */
    protected abstract void forgetPlanted();

    @PostMapping("/recon/provider-only")
    public ResponseEntity<String> providerOnly(@RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObjectOrEmpty(body);
        if (json == null) {
            return error(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        return plantProviderOnly(json);
    }

    @PostMapping("/recon/drop/{key}")
    public ResponseEntity<String> drop(@PathVariable String key) {
        if (!knows(key)) {
            return unknown(key);
        }
        overrides.drop(key);
        return state();
    }

    @PostMapping("/recon/amount/{key}")
    public ResponseEntity<String> amount(@PathVariable String key, @RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        JsonNode amount = json == null ? null : json.get("amount");
        if (amount == null || !amount.isNumber() || amount.decimalValue().signum() < 0) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"amount\":<non-negative number>}");
        }
        if (!knows(key)) {
            return unknown(key);
        }
        overrides.amount(key, amount.decimalValue());
        return state();
    }

    @PostMapping("/recon/status/{key}")
    public ResponseEntity<String> status(@PathVariable String key, @RequestBody(required = false) byte[] body) {
        ObjectNode json = SimulatorJson.parseObject(body);
        JsonNode status = json == null ? null : json.get("status");
        if (status == null || !status.isTextual() || status.textValue().isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "body must be {\"status\":\"<the provider's status word>\"}");
        }
        if (!knows(key)) {
            return unknown(key);
        }
        overrides.status(key, status.textValue());
        return state();
    }

    @GetMapping("/recon")
    public ResponseEntity<String> state() {
        return SimulatorJson.ok(overrides.toJson());
    }

    /** Every planted discrepancy gone: overrides cleared, provider-only records forgotten. */
    @PostMapping("/recon/reset")
    public ResponseEntity<String> resetRecon() {
        overrides.clear();
        forgetPlanted();
        return state();
    }

    /** A non-negative whole number from a control body, or null. */
    protected static Long wholeNumber(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        BigDecimal value = node.decimalValue();
        try {
            long whole = value.longValueExact();
            return whole > 0 ? whole : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The ISO instant in a control body's field: now when the field is absent or null, null when unreadable. */
    protected Instant instantOrNow(ObjectNode body, String field) {
        try {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? clock.instant() : Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    protected static ResponseEntity<String> error(HttpStatus status, String message) {
        return SimulatorJson.response(status, SimulatorJson.object().put("error", message));
    }

    private static ResponseEntity<String> unknown(String key) {
        return error(HttpStatus.NOT_FOUND, "the provider has no record " + key);
    }
}
