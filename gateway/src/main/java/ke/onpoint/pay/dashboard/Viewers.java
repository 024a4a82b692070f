package ke.onpoint.pay.dashboard;

import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.merchant.MerchantAccounts;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.ClientAddresses;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Resolves the signed-in user of a request into a {@link Viewer}, once per request: the user is looked up again
 * (a removed user, a suspended merchant or a changed role take effect at once), in the mode kept in the session
 * (test until the user switches).
 */
@Component
public class Viewers {

    static final String MODE = "onpoint.dashboard.mode";
    private static final String CURRENT = Viewer.class.getName();

    private final MerchantUsers users;
    private final MerchantAccounts accounts;
    private final ClientAddresses addresses;

    public Viewers(MerchantUsers users, MerchantAccounts accounts, ClientAddresses addresses) {
        this.users = users;
        this.accounts = accounts;
        this.addresses = addresses;
    }

    /** The session no longer stands for an active user: it is ended and the browser sent to the sign-in page. */
    static final class SignedOut extends RuntimeException {
        SignedOut() {
            super("signed out", null, false, false);
        }
    }

    /** The signed-in viewer; {@link SignedOut} when the session's user has lost access. */
    public Viewer current(HttpServletRequest request) {
        return find(request).orElseThrow(SignedOut::new);
    }

    /** The signed-in viewer, or empty on pages anyone may see (the sign-in page). */
    public Optional<Viewer> find(HttpServletRequest request) {
        if (request.getAttribute(CURRENT) instanceof Viewer known) {
            return Optional.of(known);
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedIn signedIn)) {
            return Optional.empty();
        }
        Optional<Viewer> viewer = users.principal(signedIn.userPublicId(), mode(request.getSession(false)))
                .map(principal -> principal.from(
                        addresses.of(request),
                        Callers.requestId(request.getHeader("X-Request-Id"), "dash_" + RandomIds.base62(16))))
                .map(principal -> new Viewer(principal, () ->
                        (String) accounts.view(principal.merchantId()).get("business_name")));
        if (viewer.isEmpty()) {
            throw new SignedOut();
        }
        request.setAttribute(CURRENT, viewer.get());
        return viewer;
    }

    static String mode(HttpSession session) {
        return session != null && session.getAttribute(MODE) instanceof String mode ? mode : "test";
    }

    /** Switches the session's mode: {@code test} or {@code live}, nothing else. */
    static void switchMode(HttpServletRequest request, String mode) {
        String wanted = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        if (!wanted.equals("test") && !wanted.equals("live")) {
            throw ApiProblem.invalidField("mode", "must be test or live");
        }
        request.getSession().setAttribute(MODE, wanted);
        request.removeAttribute(CURRENT);
    }
}
