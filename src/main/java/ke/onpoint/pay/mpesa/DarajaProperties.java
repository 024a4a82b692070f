package ke.onpoint.pay.mpesa;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which Daraja the gateway talks to and as whom ({@code onpoint.mpesa.*}, MPESA_* variables). */
@ConfigurationProperties("onpoint.mpesa")
public record DarajaProperties(
        String env,
        String baseUrl,
        String consumerKey,
        String consumerSecret,
        String shortcode,
        String passkey,
        String transactionType,
        String tillNumber,
        String callbackUrl,
        String callbackToken,
        List<String> callbackAllowedIps,
        Duration tokenRefreshMargin,
        Breaker breaker) {

    public record Breaker(int failureRateThreshold, int minimumCalls, int windowSize, int openFor, int callTimeoutMs) {
    }

    /** The till for Buy Goods, else the paybill shortcode, receives the money (STK's PartyB). */
    public String partyB() {
        return "CustomerBuyGoodsOnline".equals(transactionType) && tillNumber != null && !tillNumber.isBlank()
                ? tillNumber : shortcode;
    }

    /** The CallBackURL sent with every STK Push: the configured URL with the secret token as its last segment. */
    public String stkCallbackUrl() {
        return (callbackUrl.endsWith("/") ? callbackUrl : callbackUrl + "/") + callbackToken;
    }
}
