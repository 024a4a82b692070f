package ke.onpoint.pay.dashboard;

import java.io.Serializable;

/**
 * Who signed in to the dashboard, as the session keeps it. What they may do is not kept here: every request looks the
 * user up again ({@link Viewers}), so a removed user or a changed role takes effect at once, as with access tokens.
 */
public record SignedIn(String userPublicId, String email) implements Serializable {}
