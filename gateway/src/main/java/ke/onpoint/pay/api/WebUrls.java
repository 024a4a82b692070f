package ke.onpoint.pay.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URLs merchants give us (callback and webhook URLs): absolute http(s), with a host, at most 2048 characters, and
 * no credentials (user:password@): they would be stored, shown in listings and logged with every delivery.
 */
public final class WebUrls {

    private WebUrls() {}

    public static final String RULE =
            "must be an absolute http:// or https:// URL of at most 2048 characters, without credentials";

    public static boolean isWebUrl(String value) {
        if (value == null || value.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null
                    && !uri.getHost().isBlank()
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
