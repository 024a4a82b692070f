package ke.onpoint.pay.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Outbound safety: a merchant's URL must be http(s) and, outside dev, resolve only to public addresses, so nobody
 * can make the gateway call its own network (loopback, private ranges, link-local, cloud metadata).
 */
final class WebhookTargets {

    private WebhookTargets() {}

    /** Why the gateway will not call this URL, or null when it may. */
    static String refusal(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "not a URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
            return "only http and https URLs are called";
        }
        if (uri.getHost() == null) {
            return "the URL has no host";
        }
        if (allowPrivate) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress()
                        || address.isSiteLocalAddress()
                        || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress()
                        || address.isMulticastAddress()
                        || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xFE) == 0xFC)) {
                    return "the host resolves to a private address (" + address.getHostAddress() + ")";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "the host does not resolve";
        }
    }
}
