package ke.onpoint.pay.merchant;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.security.MerchantPrincipal;

/**
 * The merchant's own M-Pesa collection shortcode and passkey, one per mode, as the account's settings see them: the
 * port the M-Pesa package implements, so the account's pages and routes need not know the provider. The passkey is
 * write-only: {@link #list} never answers it whole.
 */
public interface OwnShortcodes {

    /** {@code {"data":[{"mode","shortcode","passkey" (masked),"updated_at"}],"default_shortcode"}}. */
    Map<String, Object> list(long merchantId);

    /** {@code {"mode":"test|live","shortcode","passkey"}}: sets the mode's shortcode (audited). */
    Map<String, Object> set(MerchantPrincipal owner, JsonNode body);

    /** Back to the gateway's shortcode for this mode (audited); 404 when the merchant has none of its own. */
    Map<String, Object> remove(MerchantPrincipal owner, String mode);
}
