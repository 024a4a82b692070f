package ke.onpoint.pay.card;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.payment.Payment;

/** The metadata a processor carries with a card payment: both references and the merchant's own metadata. */
public final class CardMetadata {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CardMetadata() {}

    public static Map<String, Object> of(Payment payment) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("gateway_reference", payment.reference());
        metadata.put("merchant_reference", payment.merchantReference());
        if (payment.metadataJson() != null) {
            try {
                metadata.put("merchant_metadata", MAPPER.readTree(payment.metadataJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored metadata is JSON", e);
            }
        }
        return metadata;
    }
}
