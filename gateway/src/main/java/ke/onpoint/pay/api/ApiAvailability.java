package ke.onpoint.pay.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether the API can serve requests now, as the API's 503 answers need it: owned here so the API knows no
 * operations code; ops tracks the routes and the database behind it.
 */
public interface ApiAvailability {

    /** The routes that serve the API have started. */
    boolean routesUp();

    /** A request found the database unreachable and no probe has reached it since. */
    boolean databaseDown();

    /** A request could not reach the database: answer the next ones at once, until it answers again. */
    void databaseUnreachable();

    /** Counts an API request answered 503 without being served, by reason. */
    void refused(String reason);

    /**
     * The pool timed out with every connection busy and none failing: the gateway is at capacity, the database is up.
     * (When connections cannot be made, HikariCP's timeout carries the last connection failure as its cause.)
     */
    static boolean isPoolSaturated(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException timeout) {
                return timeout.getCause() == null && timeout.getSQLState() == null;
            }
        }
        return false;
    }

    /** No connection could be had (pool timeout, connection refused), as opposed to a statement that failed. */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                // SQLSTATE class 08: connection exception; 57P01-57P03: the server is shutting down or starting up
                // (an in-flight query on a pooled connection when PostgreSQL stops)
                return true;
            }
            if (cause instanceof CannotCreateTransactionException && cause.getCause() == null) {
                return true;
            }
        }
        return false;
    }
}
