package ke.onpoint.pay.dashboard;

/** A dashboard page controller with a link in the navigation (ordered by {@link NavLink#order()}). */
public interface DashboardPage {

    NavLink nav();
}
