package ke.onpoint.pay.mpesa;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.pay.ops.PhoneMaskingConverter;
import ke.onpoint.pay.payment.InitiatePayment;
import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentOutcome;
import ke.onpoint.pay.payment.PaymentRepository;
import ke.onpoint.pay.payment.PaymentTransitions;
import ke.onpoint.pay.payment.ProviderCallbacks;
import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import ke.onpoint.pay.security.EncryptedColumns;
import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a confirmed C2B payment for the merchant whose account the customer typed, with the same events an STK
 * payment has ({@code payment.initiated}, {@code payment.completed}), so webhooks and settlement treat both alike.
 * Money for no known account goes to {@code c2b_unattributed} for a person to attribute.
 */
@Service
public class C2bPayments implements EncryptedColumns {

    private static final Logger log = LoggerFactory.getLogger(C2bPayments.class);
    /** The payer of money nobody claimed, kept (encrypted) so a person can attribute or return it. */
    public static final String UNATTRIBUTED_MSISDN = "c2b_unattributed.payer_msisdn";

    private final C2bAccounts accounts;
    private final PaymentTransitions transitions;
    private final ProviderCallbacks callbacks;
    private final JdbcTemplate jdbc;
    private final DarajaProperties daraja;
    private final FieldCipher cipher;

    public C2bPayments(
            C2bAccounts accounts,
            PaymentTransitions transitions,
            ProviderCallbacks callbacks,
            JdbcTemplate jdbc,
            DarajaProperties daraja,
            FieldCipher cipher) {
        this.cipher = cipher;
        this.accounts = accounts;
        this.transitions = transitions;
        this.callbacks = callbacks;
        this.jdbc = jdbc;
        this.daraja = daraja;
    }

    @Override
    public Table encryptedColumns() {
        return new Table("c2b_unattributed", Map.of("payer_msisdn", UNATTRIBUTED_MSISDN), null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void confirm(C2bNotification c2b, String payload, String source) {
        var merchant = accounts.merchant(c2b.account());
        if (merchant.isEmpty()) {
            jdbc.update(
                    "INSERT INTO c2b_unattributed (trans_id, amount_minor, bill_ref_number, business_code, payer_msisdn, "
                            + "payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (trans_id) DO NOTHING",
                    c2b.transId(),
                    c2b.amountMinor(),
                    c2b.billRefNumber(),
                    c2b.businessShortCode(),
                    cipher.encrypt(UNATTRIBUTED_MSISDN, c2b.msisdn()),
                    PhoneMaskingConverter.mask(payload));
            log.warn("C2B payment {} for unknown account '{}' is unattributed", c2b.transId(), c2b.billRefNumber());
            callbacks.record(
                    StkCallbacks.PROVIDER,
                    "c2b_confirmation",
                    c2b.transId(),
                    Outcome.UNMATCHED,
                    "unattributed: no merchant has account '" + c2b.account() + "'",
                    source,
                    payload);
            return;
        }
        ObjectNode metadata = JsonNodeFactory.instance
                .objectNode()
                .put("channel", "c2b")
                .put("bill_reference", c2b.billRefNumber())
                .put("transaction_type", c2b.transactionType())
                .put("business_short_code", c2b.businessShortCode());
        String mode = "production".equals(daraja.env()) ? "live" : "test";
        MerchantPrincipal owner =
                MerchantPrincipal.system(merchant.get().id(), merchant.get().publicId(), mode, "c2b");
        Payment payment = transitions.openReceived(
                owner,
                new InitiatePayment(
                        PaymentMethod.MPESA,
                        c2b.amountMinor(),
                        "KES",
                        null,
                        null,
                        "C2B-" + c2b.transId(),
                        "Paybill " + c2b.billRefNumber(),
                        null,
                        metadata.toString()),
                StkCallbacks.PROVIDER);
        jdbc.update(
                "UPDATE payments SET payer_msisdn = ? WHERE id = ?",
                cipher.encrypt(PaymentRepository.PAYER_MSISDN, c2b.msisdn()),
                payment.id());
        transitions.apply(payment, PaymentOutcome.completed(c2b.transId(), null, c2b.transTime()));
        callbacks.record(
                StkCallbacks.PROVIDER,
                "c2b_confirmation",
                c2b.transId(),
                Outcome.APPLIED,
                payment.reference() + " for " + merchant.get().publicId(),
                source,
                payload);
    }
}
