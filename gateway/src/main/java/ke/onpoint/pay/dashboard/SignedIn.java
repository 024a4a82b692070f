package ke.onpoint.pay.dashboard;

import java.io.Serializable;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who signed in to the dashboard, as the session keeps it. What they may do is not kept here: every request looks the
 * user up again ({@link Viewers}), so a removed user or a changed role takes effect at once, as with access tokens.
 * Its name is the user's public id: the stored session's principal name (Spring Session, V28), short and stable.
 */
public record SignedIn(String userPublicId, String email) implements Serializable, AuthenticatedPrincipal {

    @Override
    public String getName() {
        return userPublicId;
    }
}
