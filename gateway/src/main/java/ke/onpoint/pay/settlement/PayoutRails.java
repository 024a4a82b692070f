package ke.onpoint.pay.settlement;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The payout rails this gateway has (each provider's package contributes its bean), chosen by destination: M-Pesa
 * phones by Daraja B2C, paybills and tills by Daraja B2B, bank accounts by Paystack Transfers. Exactly one rail pays
 * each kind of destination; two that claim the same one stop the start.
 */
@Component
public class PayoutRails {

    private static final List<PayoutDestination> KINDS = List.of(
            new PayoutDestination.MpesaPhone("254700000000"),
            new PayoutDestination.Paybill("888880", "1"),
            new PayoutDestination.Till("123456"),
            new PayoutDestination.BankAccount("01", "0000000000", "x"));

    private final List<PayoutRail> rails;

    public PayoutRails(List<PayoutRail> rails) {
        this.rails = List.copyOf(rails);
        for (PayoutDestination kind : KINDS) {
            List<String> claiming = rails.stream()
                    .filter(r -> r.pays(kind))
                    .map(PayoutRail::provider)
                    .toList();
            if (claiming.size() > 1) {
                throw new IllegalStateException("Two payout rails pay " + kind.type() + ": " + claiming);
            }
        }
    }

    /** How each kind of destination is paid: the rail's provider, unit and most per payout. */
    public record Terms(String destinationType, String provider, long unitMinor, long maxPayoutMinor) {}

    /** The terms of every destination kind some rail pays (the settlement run sizes payouts by them). */
    public List<Terms> terms() {
        return KINDS.stream()
                .flatMap(kind -> forDestination(kind).stream()
                        .map(rail -> new Terms(kind.type(), rail.provider(), rail.unitMinor(), rail.maxPayoutMinor())))
                .toList();
    }

    /** The rail that pays this destination; empty when none does (the settlement holds the merchant's money). */
    public Optional<PayoutRail> forDestination(PayoutDestination destination) {
        return rails.stream().filter(r -> r.pays(destination)).findFirst();
    }

    /**
     * The rail a payout was queued for ({@code payouts.provider}, whose clearing account its posting uses), if that
     * rail pays its destination.
     */
    public Optional<PayoutRail> forPayout(Payout payout) {
        return rails.stream()
                .filter(r -> r.provider().equals(payout.provider())
                        && payout.destination() != null
                        && r.pays(payout.destination()))
                .findFirst();
    }
}
