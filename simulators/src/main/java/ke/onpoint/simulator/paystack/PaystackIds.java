package ke.onpoint.simulator.paystack;

import java.security.SecureRandom;

/** Identifiers in Paystack's formats: references and access codes are short lowercase alphanumerics. */
final class PaystackIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private PaystackIds() {}

    /** 10 to 15 lowercase alphanumerics, like {@code 0peioxfhpn}. */
    static String accessCode() {
        return lowerAlnum(10 + RANDOM.nextInt(6));
    }

    /** A generated transaction reference, like {@code jq3psd5n96sprwl}. */
    static String reference() {
        return lowerAlnum(15);
    }

    static String authorizationCode() {
        return "AUTH_" + lowerAlnum(10);
    }

    static String signature() {
        return "SIG_" + upperAlnum(20);
    }

    static String customerCode() {
        return "CUS_" + lowerAlnum(15);
    }

    /** An M-Pesa receipt number, like {@code SGH7K2LQ9A}. */
    static String mpesaReceipt() {
        return "S" + upperAlnum(9);
    }

    static String lowerAlnum(int length) {
        return random(LOWER_ALNUM, length);
    }

    private static String upperAlnum(int length) {
        return random(UPPER_ALNUM, length);
    }

    private static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
