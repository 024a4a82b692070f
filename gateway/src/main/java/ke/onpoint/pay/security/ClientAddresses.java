package ke.onpoint.pay.security;

import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The address a request really came from. {@code X-Forwarded-For} is believed only when the TCP peer is one of the
 * configured trusted proxies, and then read from the right, skipping further trusted proxies: the first address
 * that is not ours is the client. Anyone else's header is ignored, so it cannot forge an allow-listed address.
 */
@Component
public class ClientAddresses {

    private final List<String> trustedProxies;

    public ClientAddresses(SecurityProperties properties) {
        this.trustedProxies = properties.trustedProxies();
    }

    public String of(Exchange exchange) {
        return resolve(
                CallbackSources.remoteAddress(exchange),
                exchange.getMessage().getHeader("X-Forwarded-For", String.class));
    }

    /** The same for a request served outside the routes (the dashboard's pages). */
    public String of(jakarta.servlet.http.HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    }

    String resolve(String peer, String forwardedFor) {
        if (trustedProxies.isEmpty() || !trusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            client = hops[i].trim();
            if (!trusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(rule -> CallbackSources.matches(rule, address));
    }
}
