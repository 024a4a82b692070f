package ke.onpoint.pay.mpesa;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The Daraja profiles and which one a payment mode uses (see {@link DarajaTestProperties}). */
@Component
public class DarajaProfiles {

    public static final String LIVE = "live";
    public static final String TEST = "test";

    private final DarajaProfile live;
    private final DarajaProfile test;

    public DarajaProfiles(DarajaProperties daraja, DarajaTestProperties sandbox) {
        this.live = new DarajaProfile(
                LIVE,
                daraja.env(),
                daraja.baseUrl(),
                daraja.consumerKey(),
                daraja.consumerSecret(),
                daraja.shortcode(),
                daraja.passkey(),
                daraja.transactionType(),
                daraja.partyB(),
                daraja.initiatorName(),
                daraja.initiatorPassword(),
                daraja.certificate());
        this.test = switch (sandbox.env()) {
            case "same" -> live;
            case "sandbox" ->
                new DarajaProfile(
                        TEST,
                        "sandbox",
                        sandbox.baseUrl(),
                        sandbox.consumerKey(),
                        sandbox.consumerSecret(),
                        sandbox.shortcode(),
                        sandbox.passkey(),
                        "CustomerPayBillOnline",
                        sandbox.shortcode(),
                        sandbox.initiatorName(),
                        sandbox.initiatorPassword(),
                        sandbox.certificate());
            default -> null;
        };
    }

    /** The profile a payment of this mode uses; empty when test keys have no M-Pesa. */
    public Optional<DarajaProfile> forMode(String mode) {
        return Optional.ofNullable(LIVE.equals(mode) ? live : test);
    }

    public DarajaProfile live() {
        return live;
    }

    /** The configured profile of this name ({@link #LIVE} or {@link #TEST}). */
    public DarajaProfile named(String name) {
        return distinct().stream()
                .filter(profile -> profile.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Daraja profile " + name));
    }

    /** Each distinct profile once (with {@code same}, the test mode shares the live one). */
    public List<DarajaProfile> distinct() {
        return test == null || test == live ? List.of(live) : List.of(live, test);
    }
}
