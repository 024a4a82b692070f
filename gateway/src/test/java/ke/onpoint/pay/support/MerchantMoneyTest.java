package ke.onpoint.pay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * For tests of the merchant's read side (balance, settlements, reports): a merchant that may take live payments,
 * and M-Pesa payments through the gateway and the Daraja simulator in either mode.
 */
public abstract class MerchantMoneyTest extends GatewayTest {

    /** Reads amounts as the gateway wrote them: {@code 15.00} stays "15.00" (a double would read "15.0"). */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** A phone the simulator's customer pays from (any suffix but the scenario ones). */
    protected static final String PAYS = "0712345600";

    protected static final String FAILS = "0712345601";
    protected static final String CANCELS = "0712345632";
    protected static final String EXPIRES = "0712345619";

    /** A merchant's owner login and a key per mode holding payments:write, payments:read and refunds:write. */
    protected record Merchant(Session owner, String liveKey, String testKey) {}

    /** A registered merchant with approved KYC (live keys need it) and a key in each mode. */
    protected Merchant merchant() {
        Session owner = register();
        jdbc.update("UPDATE merchants SET kyc_status = 'approved' WHERE id = ?", owner.merchantId());
        return new Merchant(
                owner,
                createKey(owner, "live", "payments:write", "payments:read", "refunds:write"),
                createKey(owner, "test", "payments:write", "payments:read", "refunds:write"));
    }

    /** Starts an M-Pesa payment of whole shillings from this phone; returns the gateway's reference. */
    protected String pay(String key, long shillings, String phone, String description) {
        String body = "{\"amount\":" + shillings + ",\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\""
                + phone + "\",\"reference\":\"" + uniqueReference() + "\""
                + (description == null ? "" : ",\"description\":" + JSON.valueToTree(description))
                + "}";
        Reply created = initiate(key, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("reference").asText();
    }

    /** A payment the customer completes; returns it as the payments API shows it once completed. */
    protected JsonNode paid(String key, long shillings) {
        return awaitStatus(key, pay(key, shillings, PAYS, null), "completed");
    }

    @Override
    protected Reply get(String path, String key) {
        return exact(super.get(path, key));
    }

    @Override
    protected Reply call(String method, String path, String token, String body, Map<String, String> headers) {
        return exact(super.call(method, path, token, body, headers));
    }

    private static Reply exact(Reply reply) {
        if (reply.json() == null) {
            return reply;
        }
        try {
            return new Reply(
                    reply.status(), reply.contentType(), EXACT.readTree(reply.body()), reply.body(), reply.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code reference} of each element of a list (not of what they contain, such as a payout's). */
    protected static List<String> references(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false)
                .map(item -> item.path("reference").asText())
                .toList();
    }

    protected Reply getWith(String path, String token, Map<String, String> headers) {
        return call("GET", path, token, null, headers);
    }
}
