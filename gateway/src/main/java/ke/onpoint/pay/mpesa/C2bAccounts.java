package ke.onpoint.pay.mpesa;

import java.math.BigDecimal;
import java.util.Optional;

import ke.onpoint.pay.payment.Money;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the C2B validation rules ({@code routes/c2b-validation.yaml}) may ask about an incoming payment, by the
 * headers the validation route sets: {@code c2bAccount} (the merchant account the customer typed) and
 * {@code c2bAmount} (KES, as a decimal).
 */
@Component("c2bAccounts")
public class C2bAccounts {

    public record Merchant(long id, String publicId, Long maxMinor) {}

    private final JdbcTemplate jdbc;
    private final C2bProperties c2b;

    public C2bAccounts(JdbcTemplate jdbc, C2bProperties c2b) {
        this.jdbc = jdbc;
        this.c2b = c2b;
    }

    public Optional<Merchant> merchant(String account) {
        if (account == null || account.isBlank()) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT id, public_id, c2b_max_minor FROM merchants WHERE c2b_account = ? AND status = 'active'",
                        (rs, i) -> new Merchant(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3)),
                        account)
                .stream()
                .findFirst();
    }

    /** The account number names an active merchant. */
    public boolean knownAccount(@Header("c2bAccount") String account) {
        return merchant(account).isPresent();
    }

    /** The amount is within the merchant's own limit, or the configured default. */
    public boolean amountAllowed(@Header("c2bAccount") String account, @Header("c2bAmount") BigDecimal amount) {
        BigDecimal max =
                merchant(account).map(Merchant::maxMinor).map(Money::toMajor).orElse(c2b.defaultMaxAmount());
        return amount != null && amount.signum() > 0 && amount.compareTo(max) <= 0;
    }
}
