package ke.onpoint.pay.security;

import java.util.Map;

/**
 * A table a feature keeps encrypted at rest ({@link FieldCipher}), declared by the class that owns it, so the
 * {@code re-encrypt} command ({@link AtRestReencryption}) brings it under the current master key without knowing
 * the feature.
 */
public interface EncryptedColumns {

    /**
     * A table's encrypted columns, each with the field name it is bound to, and the one whose look-up hash
     * ({@code phone_hash}) is kept beside it, if any.
     */
    record Table(String name, Map<String, String> columns, String phoneColumn) {}

    Table encryptedColumns();
}
