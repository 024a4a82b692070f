package ke.onpoint.pay.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/**
 * Admission of provider callbacks, which carry no credentials of ours: source-address allow-lists (exact IPs or
 * IPv4/IPv6 CIDR blocks; empty allows any) and constant-time comparison of shared secrets.
 */
public final class CallbackSources {

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_SHAPE = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private CallbackSources() {}

    /** The TCP peer of the HTTP request behind this exchange ("unknown" if not an HTTP exchange). */
    public static String remoteAddress(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage http && http.getRequest() != null) {
            return http.getRequest().getRemoteAddr();
        }
        return "unknown";
    }

    /**
     * The secret token a callback URL ends with: the last segment of the request's path, and only when the route bound
     * it as its {@code {token}} parameter. Camel puts query parameters and request headers under the same header name,
     * so the header alone could come from {@code ?token=} or a {@code token:} header on a path that has no token.
     */
    public static String pathToken(Exchange exchange) {
        if (!(exchange.getIn() instanceof PlatformHttpMessage http) || http.getRequest() == null) {
            return null;
        }
        String path = http.getRequest().getRequestURI();
        String segment = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            return null;
        }
        return !decoded.isEmpty() && decoded.equals(exchange.getIn().getHeader("token", String.class)) ? decoded : null;
    }

    /** Compares a secret a caller presented with ours in constant time; a missing or empty one never matches. */
    public static boolean secretMatches(String given, String expected) {
        if (given == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return java.security.MessageDigest.isEqual(
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static boolean allowed(List<String> allowList, String address) {
        if (allowList == null || allowList.stream().allMatch(String::isBlank)) {
            return true;
        }
        return allowList.stream().map(String::trim).filter(s -> !s.isEmpty()).anyMatch(rule -> matches(rule, address));
    }

    public static boolean matches(String rule, String address) {
        try {
            byte[] candidate = literal(address);
            int slash = rule.indexOf('/');
            byte[] network = literal(slash < 0 ? rule : rule.substring(0, slash));
            if (candidate == null || network == null || candidate.length != network.length) {
                return false;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(rule.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                return false; // a malformed rule admits nobody
            }
            for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((candidate[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Whether the text has the shape of an IPv4 or IPv6 literal (never a host name to look up). */
    public static boolean isIpLiteral(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        // with a ':' in it the JDK parses an IPv6 literal and never looks a name up; a malformed one (":::::") is none
        try {
            return IPV6_SHAPE.matcher(text).matches() && InetAddress.getByName(text) != null;
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /** The bytes of an IPv4 or IPv6 literal; null for anything else, so no rule ever triggers a DNS lookup. */
    private static byte[] literal(String text) throws UnknownHostException {
        if (!isIpLiteral(text)) {
            return null;
        }
        return InetAddress.getByName(text).getAddress();
    }
}
