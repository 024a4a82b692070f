package ke.onpoint.pay.api;

/**
 * {@code limit} and {@code cursor} of the lists paged by a bare row id, newest first (webhook deliveries,
 * reconciliation items) or oldest first (the KYC review queue): a bad value is answered at once with a problem naming
 * the field.
 */
public final class RowIdPaging {

    private RowIdPaging() {}

    /** {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(String limitText, int fallback, int max) {
        if (limitText == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw ApiProblem.invalidField("limit", "must be a whole number between 1 and " + max);
        }
        return limit;
    }

    /** {@code cursor}: the row id the previous page ended on; every row on the first page. */
    public static long before(String cursor) {
        if (cursor == null) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
        }
    }

    /** {@code cursor} of a list oldest first: the row id the previous page ended on; every row on the first page. */
    public static long after(String cursor) {
        return cursor == null ? 0 : before(cursor);
    }
}
