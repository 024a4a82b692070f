package ke.onpoint.pay.dashboard;

/**
 * An entry of the dashboard's navigation: a page controller that wants a link implements {@link DashboardPage}. Shown
 * only to a viewer holding {@code permission} (null: every merchant user; {@link #ADMIN_ONLY}: the gateway's staff).
 */
public record NavLink(int order, String path, String label, String permission) {

    public static final String ADMIN_ONLY = ke.onpoint.pay.security.Permissions.ADMIN;

    boolean shownTo(Viewer viewer) {
        if (ADMIN_ONLY.equals(permission)) {
            return viewer.admin();
        }
        return !viewer.admin() && (permission == null || viewer.can(permission));
    }

    /** The current page's link is marked {@code aria-current="page"}. */
    boolean current(String requestPath) {
        return path.equals("/dashboard")
                ? requestPath.equals("/dashboard") || requestPath.equals("/dashboard/")
                : requestPath.equals(path) || requestPath.startsWith(path + "/");
    }
}
