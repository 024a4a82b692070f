package ke.onpoint.pay.mpesa;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.settlement.PayoutAnswer;
import ke.onpoint.pay.settlement.PayoutDestination;
import ke.onpoint.pay.settlement.PayoutOrder;
import ke.onpoint.pay.settlement.PayoutRail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Payouts by M-Pesa: Daraja B2C ({@code /mpesa/b2c/v3/paymentrequest}) to a phone, B2B
 * ({@code /mpesa/b2b/v1/paymentrequest}, BusinessPayBill or BusinessBuyGoods) to a paybill account or a till. M-Pesa
 * destinations go here rather than through Paystack's mobile-money transfers: our own shortcodes, no second party's
 * fee, and v3's OriginatorConversationID (our payout reference) lets Safaricom refuse a second send of the same payout.
 * Results come to the ResultURL ({@link MpesaPayoutResultRoutes}); a payout is checked with Transaction Status by
 * OriginalConversationID, whose Result comes there too.
 */
@Component
public class MpesaPayouts implements PayoutRail {

    static final String B2C = "b2c";
    static final String B2B = "b2b";
    private static final String SHORTCODE = "4";

    private final DarajaProperties daraja;
    private final DarajaProfiles profiles;
    private final SecurityCredential credential;
    private final DarajaAsyncRequests requests;
    private final MpesaPayoutProperties properties;
    private final JdbcTemplate jdbc;

    public MpesaPayouts(
            DarajaProperties daraja,
            DarajaProfiles profiles,
            SecurityCredential credential,
            DarajaAsyncRequests requests,
            MpesaPayoutProperties properties,
            JdbcTemplate jdbc) {
        this.daraja = daraja;
        this.profiles = profiles;
        this.credential = credential;
        this.requests = requests;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    @Override
    public String provider() {
        return StkCallbacks.PROVIDER;
    }

    @Override
    public boolean pays(PayoutDestination destination) {
        return destination instanceof PayoutDestination.MpesaPhone
                || destination instanceof PayoutDestination.Paybill
                || destination instanceof PayoutDestination.Till;
    }

    /** Whole shillings: M-Pesa moves no cents. */
    @Override
    public long unitMinor() {
        return 100;
    }

    /** Daraja's B2C maximum per transaction, KES 250,000 (reference §1.14); B2B is held to the same. */
    @Override
    public long maxPayoutMinor() {
        return 25_000_000;
    }

    @Override
    public PayoutAnswer send(PayoutOrder order) {
        if (!"KES".equals(order.currency()) || order.amountMinor() % 100 != 0) {
            return new PayoutAnswer.Failed(
                    "AMOUNT_NOT_PAYABLE",
                    "M-Pesa pays whole Kenya shillings only, not " + order.currency() + " "
                            + Money.format(Money.toMajor(order.amountMinor())));
        }
        Optional<DarajaProfile> profile = profiles.forMode(order.mode());
        if (profile.isEmpty()) {
            return new PayoutAnswer.Failed("MPESA_NOT_CONFIGURED", "no Daraja for " + order.mode() + " mode");
        }
        boolean b2c = order.destination() instanceof PayoutDestination.MpesaPhone;
        DarajaAsyncRequests.Ack ack = requests.submit(
                profile.get(),
                b2c ? "/mpesa/b2c/v3/paymentrequest" : "/mpesa/b2b/v1/paymentrequest",
                b2c ? b2c(profile.get(), order) : b2b(profile.get(), order));
        if (ack instanceof DarajaAsyncRequests.Accepted accepted) {
            return new PayoutAnswer.Accepted(accepted.conversationId());
        }
        if (ack instanceof DarajaAsyncRequests.Refused refused) {
            return new PayoutAnswer.Failed(refused.code(), "M-Pesa refused the payout: " + refused.message());
        }
        if (ack instanceof DarajaAsyncRequests.NotTaken notTaken) {
            return new PayoutAnswer.NotFound(notTaken.message());
        }
        return new PayoutAnswer.Unknown(((DarajaAsyncRequests.Unknown) ack).message());
    }

    private Map<String, Object> b2c(DarajaProfile profile, PayoutOrder order) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("OriginatorConversationID", order.reference());
        body.put("InitiatorName", profile.initiatorName());
        body.put("SecurityCredential", credential.current(profile));
        body.put("CommandID", properties.b2cCommandId());
        body.put("Amount", shillings(order));
        body.put("PartyA", properties.b2cShortcode());
        body.put("PartyB", ((PayoutDestination.MpesaPhone) order.destination()).phone());
        body.put("Remarks", "Settlement payout");
        body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(B2C));
        body.put("ResultURL", daraja.resultUrl(B2C));
        body.put("Occassion", order.reference()); // the v3 docs' spelling
        return body;
    }

    private Map<String, Object> b2b(DarajaProfile profile, PayoutOrder order) {
        boolean paybill = order.destination() instanceof PayoutDestination.Paybill;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("OriginatorConversationID", order.reference());
        body.put("Initiator", profile.initiatorName());
        body.put("SecurityCredential", credential.current(profile));
        body.put("CommandID", paybill ? "BusinessPayBill" : "BusinessBuyGoods");
        body.put("SenderIdentifierType", SHORTCODE);
        body.put("RecieverIdentifierType", SHORTCODE); // Safaricom's spelling, on purpose
        body.put("Amount", shillings(order));
        body.put("PartyA", properties.b2bShortcode());
        body.put(
                "PartyB",
                paybill
                        ? ((PayoutDestination.Paybill) order.destination()).shortcode()
                        : ((PayoutDestination.Till) order.destination()).till());
        body.put(
                "AccountReference",
                paybill ? ((PayoutDestination.Paybill) order.destination()).accountNumber() : "Settlement");
        body.put("Remarks", "Settlement payout");
        body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(B2B));
        body.put("ResultURL", daraja.resultUrl(B2B));
        body.put("Occassion", order.reference());
        return body;
    }

    /**
     * Transaction Status by OriginalConversationID (our reference); its Result comes to the ResultURL
     * ({@code payoutstatus}) and is applied there, so the answer here is always "not known yet".
     */
    @Override
    public PayoutAnswer check(PayoutOrder order) {
        Optional<DarajaProfile> profile = profiles.forMode(order.mode());
        if (profile.isEmpty()) {
            return new PayoutAnswer.Unknown("no Daraja for " + order.mode() + " mode");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Initiator", profile.get().initiatorName());
        body.put("SecurityCredential", credential.current(profile.get()));
        body.put("CommandID", "TransactionStatusQuery");
        body.put("OriginalConversationID", order.reference());
        body.put(
                "PartyA",
                order.destination() instanceof PayoutDestination.MpesaPhone
                        ? properties.b2cShortcode()
                        : properties.b2bShortcode());
        body.put("IdentifierType", SHORTCODE);
        body.put("ResultURL", daraja.resultUrl(MpesaPayoutResults.STATUS));
        body.put("QueueTimeOutURL", daraja.queueTimeoutUrl(MpesaPayoutResults.STATUS));
        body.put("Remarks", "Payout status");
        body.put("Occasion", order.reference());
        DarajaAsyncRequests.Ack ack = requests.submit(profile.get(), "/mpesa/transactionstatus/v1/query", body);
        if (ack instanceof DarajaAsyncRequests.Accepted accepted && accepted.conversationId() != null) {
            jdbc.update("""
                    INSERT INTO payout_status_queries (conversation_id, payout_id)
                    SELECT ?, id FROM payouts WHERE reference = ? ON CONFLICT DO NOTHING""", accepted.conversationId(), order.reference());
            return new PayoutAnswer.Unknown("Transaction Status asked (" + accepted.conversationId() + ")");
        }
        return new PayoutAnswer.Unknown("Transaction Status not asked: " + ack);
    }

    private static String shillings(PayoutOrder order) {
        return Money.toMajor(order.amountMinor()).toBigInteger().toString();
    }
}
