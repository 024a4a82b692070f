package ke.onpoint.pay.api;

/** One invalid request field, named as the merchant sent it (snake_case, dotted for nested fields). */
public record FieldError(String field, String message) {}
