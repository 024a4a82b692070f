package ke.onpoint.pay.security;

import java.util.Map;

/**
 * A table a feature keeps encrypted at rest ({@link FieldCipher}), declared by the class that owns it, so the
 * {@code re-encrypt} command ({@link AtRestReencryption}) brings it under the current master key without knowing
 * the feature.
 */
public interface EncryptedColumns {

    /**
     * A table's encrypted columns, each with the field name it is bound to, and the phone whose look-up hash
     * ({@code phone_hash}) and last four digits ({@code phone_last4}) are kept beside it, if any.
     */
    record Table(String name, Map<String, String> columns, String phoneColumn) {}

    Table encryptedColumns();

    /**
     * A phone's last four digits, kept in clear beside the encrypted number so a merchant can search by them: four
     * digits do not identify a customer, and the number itself stays encrypted.
     */
    static String lastFour(String phone) {
        return phone == null || phone.length() < 4 ? null : phone.substring(phone.length() - 4);
    }
}
